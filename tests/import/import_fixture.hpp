// SPDX-License-Identifier: ISC
#pragma once
// What the importer tests share: a temporary folder, reading files, a whole folder tree
// as (relative path -> bytes) so two trees compare in one CHECK, and the fixture edited.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "import/wordpress_import.hpp"
#include "tests/support/files.hpp"

namespace smolpub::import::test {

namespace fs = std::filesystem;

struct temp_dir : smolpub::test::temp_dir {
    temp_dir() : smolpub::test::temp_dir("smolpub-import-") {}
};

using smolpub::test::read_file;
using smolpub::test::write_file;

/// Every regular file under `root`, by its path relative to `root`.
inline std::map<std::string, std::string> read_tree(const fs::path& root)
{
    std::map<std::string, std::string> files;
    if (!fs::exists(root))
        return files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files[fs::relative(entry.path(), root).generic_string()] = read_file(entry.path());
    return files;
}

inline const fs::path fixtures = fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures";

/// The wxr12 fixture with `from` (which must be there) replaced by `to`, written to `dir`/in/wxr12.xml.
inline fs::path edited_fixture(const temp_dir& tmp, const std::vector<std::pair<std::string, std::string>>& edits)
{
    std::string xml = read_file(fixtures / "wxr12.xml");
    for (const auto& [from, to] : edits) {
        REQUIRE_MESSAGE(xml.find(from) != std::string::npos, from);
        xml.replace(xml.find(from), from.size(), to);
    }
    const auto file = tmp.path() / "in" / "wxr12.xml";
    write_file(file, xml);
    return file;
}

/// `xml` written to `tmp`/`name` and imported into `tmp`/out, which must fail: its message.
inline std::string import_refused(const temp_dir& tmp, const std::string& name, const std::string& xml)
{
    write_file(tmp.path() / name, xml);
    import_options options;
    options.export_file = tmp.path() / name;
    options.dir = tmp.path() / "out";
    const auto report = import_wordpress(options);
    REQUIRE_FALSE(report.has_value());
    return report.error();
}

/// wxr12.xml imported into `tmp`/whole and the split export `tmp`/in/A.xml and in/B.xml into
/// `tmp`/split, both with the other options of `base`; both imports must succeed.
struct whole_and_split {
    import_options whole, split;
    tl::expected<import_report, std::string> one, two;  ///< the reports, whole then split
};

inline whole_and_split import_whole_and_split(const temp_dir& tmp, import_options base = {})
{
    whole_and_split out{base, base, {}, {}};
    out.whole.export_file = fixtures / "wxr12.xml";
    out.whole.dir = tmp.path() / "whole";
    out.one = import_wordpress(out.whole);
    REQUIRE(out.one.has_value());
    out.split.export_file = tmp.path() / "in" / "A.xml";
    out.split.more_exports = {tmp.path() / "in" / "B.xml"};
    out.split.dir = tmp.path() / "split";
    out.two = import_wordpress(out.split);
    REQUIRE(out.two.has_value());
    return out;
}

/// What a test that imports wxr12.xml, or an edited copy of it, into `tmp`/capsule starts
/// from (a TEST_CASE_FIXTURE).
struct capsule_import {
    temp_dir tmp;
    import_options options;

    capsule_import()
    {
        options.export_file = fixtures / "wxr12.xml";
        options.dir = tmp.path() / "capsule";
    }

    /// Imports from the fixture with `edits` (see edited_fixture).
    void edit(const std::vector<std::pair<std::string, std::string>>& edits) { options.export_file = edited_fixture(tmp, edits); }

    /// Runs the import, which must succeed, and returns the capsule's `file`.
    std::string imported(const fs::path& file) const
    {
        REQUIRE(import_wordpress(options).has_value());
        return read_file(options.dir / file);
    }
};

} // namespace smolpub::import::test
