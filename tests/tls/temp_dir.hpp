// SPDX-License-Identifier: ISC
#pragma once
// A fresh directory under /tmp for one test, removed with everything in it afterwards.
#include "tests/support/files.hpp"

namespace smolpub::tls::test {

struct temp_dir : smolpub::test::temp_dir {
    temp_dir() : smolpub::test::temp_dir("smolpub-certs-") {}
};

} // namespace smolpub::tls::test
