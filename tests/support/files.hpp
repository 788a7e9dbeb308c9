// SPDX-License-Identifier: ISC
#pragma once
// What tests of every folder share: a fresh directory under the system temp directory,
// removed with everything in it afterwards, whole-file reads and writes, and test bytes.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

namespace smolpub::test {

class temp_dir {
public:
    /// A directory named `prefix` and six random characters ("smolpub-cli-" -> smolpub-cli-a1B2c3).
    explicit temp_dir(std::string_view prefix = "smolpub-test-")
    {
        std::string pattern = (std::filesystem::temp_directory_path() / (std::string{prefix} + "XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_dir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// The whole file, bytes as they are; empty when it cannot be read.
inline std::string read_file(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Writes `text` to `file` (replacing it), creating its folder first.
inline void write_file(const std::filesystem::path& file, std::string_view text)
{
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

/// write_file, then an mtime a day old, so that a rewrite within the same clock tick still
/// shows as a change.
inline void write_old_file(const std::filesystem::path& file, std::string_view bytes)
{
    write_file(file, bytes);
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() - std::chrono::hours{24});
}

/// Deterministic bytes without a short period, NUL and '\n' included (so a misplaced chunk
/// cannot go unnoticed); another seed, other bytes.
inline std::string pattern_bytes(std::size_t size, unsigned seed = 1)
{
    std::string out(size, '\0');
    std::uint32_t x = seed * 2654435761u + 7;
    for (auto& c : out) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>(x >> 24);
    }
    return out;
}

} // namespace smolpub::test
