// SPDX-License-Identifier: ISC
// check's summary line counts in words that agree with their number, and calls the pages it
// walked "generated pages": the status line's "pages" are the capsule's own (issue 28).
#include <doctest/doctest.h>

#include "cli_support.hpp"

using namespace smolpub::e2e;

TEST_CASE("check's summary says 1 article, not 1 articles, and generated pages")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    write_file(dir.path() / "capsule" / "notes" / "a.md", "+++\ntitle = \"A\"\ndate = 2026-01-02\n+++\nText.\n");
    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("smolpub: no problems (1 site, 1 article, 0 comments, ") != std::string::npos);
    CHECK(r.out.find(" generated pages, ") != std::string::npos);
    CHECK(r.out.find(" articles") == std::string::npos);
}
