// SPDX-License-Identifier: ISC
#pragma once
// An invariant check for fuzz targets that survives NDEBUG (the fuzz build is RelWithDebInfo,
// where assert() compiles to nothing). A broken invariant aborts, which libFuzzer reports as a
// crash and saves the input.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "text/ascii.hpp"

namespace smolpub::fuzz {

[[noreturn]] inline void invariant_failed(const char* what, const char* file, int line, std::string_view input)
{
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n  on: ", file, line, what);
    for (const char c : input.substr(0, 512))
        std::fprintf(stderr, "%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    std::fputc('\n', stderr);
    std::abort();
}

/// True when every line of `text` ends with CRLF (and so does the text, unless empty).
inline bool crlf_lines(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
            return false;
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))
            return false;
    }
    return text.empty() || text.ends_with("\r\n");
}

/// True when `s` holds a C0 control character or DEL.
inline bool has_control(std::string_view s) { return std::any_of(s.begin(), s.end(), text::is_ascii_control); }

/// True when some '/'-separated segment of `path` is "." or "..".
inline bool has_dot_segment(std::string_view path)
{
    std::size_t pos = 0;
    while (pos <= path.size()) {
        const std::size_t end = std::min(path.find('/', pos), path.size());
        const std::string_view segment = path.substr(pos, end - pos);
        if (segment == "." || segment == "..")
            return true;
        pos = end + 1;
    }
    return false;
}

} // namespace smolpub::fuzz

/// `FUZZ_CHECK(cond, input)`: abort with the condition and the input (hex) when false.
#define FUZZ_CHECK(cond, input) \
    ((cond) ? void(0) : ::smolpub::fuzz::invariant_failed(#cond, __FILE__, __LINE__, (input)))
