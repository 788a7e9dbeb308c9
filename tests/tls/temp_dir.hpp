// SPDX-License-Identifier: ISC
#pragma once
// A fresh directory under /tmp for one test, removed with everything in it afterwards, and
// the permission bits of what the code under test wrote there.
#include <doctest/doctest.h>

#include <filesystem>

#include <sys/stat.h>

#include "tests/support/files.hpp"

namespace smolpub::tls::test {

struct temp_dir : smolpub::test::temp_dir {
    temp_dir() : smolpub::test::temp_dir("smolpub-certs-") {}
};

/// The permission bits of `file` (07777 of its mode).
inline unsigned mode_of(const std::filesystem::path& file)
{
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace smolpub::tls::test
