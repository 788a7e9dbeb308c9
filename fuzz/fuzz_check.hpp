// SPDX-License-Identifier: ISC
#pragma once
// An invariant check for fuzz targets that survives NDEBUG (the fuzz build is RelWithDebInfo,
// where assert() compiles to nothing). A broken invariant aborts, which libFuzzer reports as a
// crash and saves the input.
#include <cstdio>
#include <cstdlib>
#include <string_view>

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

} // namespace smolpub::fuzz

/// `FUZZ_CHECK(cond, input)`: abort with the condition and the input (hex) when false.
#define FUZZ_CHECK(cond, input) \
    ((cond) ? void(0) : ::smolpub::fuzz::invariant_failed(#cond, __FILE__, __LINE__, (input)))
