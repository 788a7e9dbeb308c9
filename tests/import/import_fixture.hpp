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

namespace smolpub::import::test {

namespace fs = std::filesystem;

class temp_dir {
public:
    temp_dir()
    {
        std::string pattern = (fs::temp_directory_path() / "smolpub-import-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_dir()
    {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

inline std::string read_file(const fs::path& path)
{
    std::ifstream in{path, std::ios::binary};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_file(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream out{path, std::ios::binary | std::ios::trunc};
    out << text;
}

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
