// SPDX-License-Identifier: ISC
// Golden imports: each WXR fixture in tests/import/fixtures/ is imported and the whole
// capsule it makes (smolpub.toml, every .md, .comments.toml and _category.toml, copied
// uploads) plus the printed report (report.txt) must equal tests/import/golden/<case>/
// byte for byte. UPDATE_GOLDEN=1 rewrites the golden folders; review with git diff.
#include "import/wordpress_import.hpp"

#include <doctest/doctest.h>

#include "tests/import/import_fixture.hpp"

using namespace smolpub::import;
using namespace smolpub::import::test;

namespace {

struct golden_case {
    const char* name;     ///< folder under golden/
    const char* fixture;  ///< file under fixtures/
    bool uploads = false;
    bool keep_pingbacks = false;
};

void check_golden(const golden_case& c)
{
    temp_dir tmp;
    import_options options;
    options.export_file = fixtures / c.fixture;
    options.dir = tmp.path() / "capsule";
    if (c.uploads)
        options.uploads = fixtures / "uploads";
    options.keep_pingbacks = c.keep_pingbacks;
    const auto report = import_wordpress(options);
    REQUIRE_MESSAGE(report.has_value(), (report ? std::string{} : report.error()));
    auto actual = read_tree(options.dir);
    actual["report.txt"] = format_report(*report);

    const fs::path golden = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/golden" / c.name;
    if (std::getenv("UPDATE_GOLDEN")) {
        fs::remove_all(golden);
        for (const auto& [path, bytes] : actual)
            write_file(golden / path, bytes);
    }
    const auto expected = read_tree(golden);
    REQUIRE_MESSAGE(!expected.empty(), "missing " << golden.string() << " (run with UPDATE_GOLDEN=1)");
    for (const auto& [path, bytes] : expected) {
        CAPTURE(path);
        const auto it = actual.find(path);
        REQUIRE_MESSAGE(it != actual.end(), c.name << ": not written: " << path);
        CHECK_MESSAGE(it->second == bytes, c.name << "/" << path << " differs:\n--- got\n" << it->second
                                                  << "\n--- want\n" << bytes);
    }
    for (const auto& [path, bytes] : actual)
        CHECK_MESSAGE(expected.contains(path), c.name << ": unexpected file " << path);
}

} // namespace

TEST_CASE("import golden: WXR 1.2 with every rule, uploads copied")
{
    check_golden({"wxr12", "wxr12.xml", true});
}

TEST_CASE("import golden: WXR 1.2 without --uploads keeps the original image URLs")
{
    check_golden({"wxr12-no-uploads", "wxr12.xml"});
}

TEST_CASE("import golden: WXR 1.1 with escaped (non-CDATA) values and a blog under a path")
{
    check_golden({"wxr11", "wxr11.xml"});
}

TEST_CASE("import golden: WXR 1.0 (no authors, domain=\"tag\", legacy category duplicates)")
{
    check_golden({"wxr10", "wxr10.xml"});
}

TEST_CASE("import golden: --keep-pingbacks imports pingbacks and trackbacks as comments")
{
    check_golden({"wxr10-pingbacks", "wxr10.xml", false, true});
}
