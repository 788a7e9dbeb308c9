// SPDX-License-Identifier: ISC
#pragma once
// What the importer tests share: a temporary folder, reading files, and a whole folder tree
// as (relative path -> bytes) so two trees compare in one CHECK.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

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

} // namespace smolpub::import::test
