// SPDX-License-Identifier: ISC
#include "content/file_text.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smolpub::content {

namespace {


diagnostic io_error(const std::filesystem::path& file, int error)
{
    return diagnostic{file, 0, 0, std::string("cannot read: ") + std::strerror(error)};
}

/// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when malformed.
/// Follows the table of well-formed byte sequences in Unicode 15, section 3.9.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;   // overlong
        if (lead == 0xED)
            high = 0x9F;  // UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;   // overlong
        if (lead == 0xF4)
            high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() - i < length)
        return 0;
    if (byte(i + 1) < low || byte(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return length;
}

} // namespace

tl::expected<std::string, diagnostic> read_whole_file(const std::filesystem::path& file)
{
    // POSIX rather than iostreams: one fstat and (usually) one read per file, which matters
    // when a capsule holds tens of thousands of articles and comment archives.
    unique_fd guard{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    if (guard.get() < 0)
        return tl::unexpected(io_error(file, errno));
    struct stat info {};
    if (::fstat(guard.get(), &info) != 0)
        return tl::unexpected(io_error(file, errno));
    if (!S_ISREG(info.st_mode))
        return tl::unexpected(diagnostic{file, 0, 0, "cannot read: not a regular file"});

    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t filled = 0;
    while (filled < text.size()) {
        const ssize_t got = ::read(guard.get(), text.data() + filled, text.size() - filled);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return tl::unexpected(io_error(file, errno));
        if (got == 0)
            break;  // the file shrank while we read it: keep what is there
        filled += static_cast<std::size_t>(got);
    }
    text.resize(filled);
    return text;
}

std::optional<text_position> find_invalid_utf8(std::string_view text)
{
    std::size_t i = 0;
    std::size_t line_start = 0;
    int line = 1;
    while (i < text.size()) {
        // Fast path: eight ASCII bytes at a time (most of any capsule). Newlines still have
        // to be counted, so only runs without '\n' are skipped whole.
        if (text.size() - i >= 8) {
            std::uint64_t word;
            std::memcpy(&word, text.data() + i, sizeof word);
            constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
            constexpr std::uint64_t ones = 0x0101010101010101ULL;
            const std::uint64_t newlines = word ^ (ones * '\n');
            const bool has_newline = ((newlines - ones) & ~newlines & high_bits) != 0;
            if ((word & high_bits) == 0 && !has_newline) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '\n') {
                ++line;
                line_start = i + 1;
            }
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            // Everything before i on this line is valid, so counting lead bytes counts
            // code points.
            int column = 1;
            for (std::size_t k = line_start; k < i; ++k)
                if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80)
                    ++column;
            return text_position{line, column};
        }
        i += length;
    }
    return std::nullopt;
}

std::optional<diagnostic> invalid_utf8_in(std::string_view text, const std::filesystem::path& file,
                                          std::string_view message)
{
    const auto bad = find_invalid_utf8(text);
    if (!bad)
        return std::nullopt;
    return diagnostic{file, bad->line, bad->column, std::string{message}};
}

std::string_view strip_bom(std::string_view text)
{
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (text.substr(0, bom.size()) == bom)
        text.remove_prefix(bom.size());
    return text;
}

tl::expected<std::string, diagnostic> read_utf8_file(const std::filesystem::path& file)
{
    auto text = read_whole_file(file);
    if (!text)
        return text;
    if (auto bad = invalid_utf8_in(*text, file, "invalid UTF-8; the file was skipped"))
        return tl::unexpected(std::move(*bad));
    return text;
}

bool write_all(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void unique_fd::reset()
{
    if (fd_ >= 0)
        ::close(std::exchange(fd_, -1));
}

} // namespace smolpub::content
