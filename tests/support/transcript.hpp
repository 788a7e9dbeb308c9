// SPDX-License-Identifier: ISC
#pragma once
// Transcript tests, in the manner of gmid's regress suite: a file of request lines, each
// followed by the reply it must get, checked against a protocol handler with no socket.
//
//   # a comment                      (ignored)
//   sni example.org                  (Gemini: the TLS server name for the next request)
//   admit rate-limited 7             (admission's verdict for the next request: over-address-cap,
//                                     over-capacity, rate-limited N, too-long; else served)
//   > gemini://example.org/          (the request line, without CRLF; \t \r \n \xNN \\ escapes)
//   < 20 text/gemini; charset=utf-8  (the reply's first line, then CRLF)
//   | # Heading                      (a body line, then the protocol's line end)
//   ~ <html>                         (text with no line end, for replies in other formats)
//   $                                (the reply ends here; without it, the lines above are a prefix)
//
// A blank line ends a case.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace smolpub::testing {

struct transcript_case {
    int line = 0;          ///< where the case starts in the file, for failure messages
    std::string sni;
    std::string admit;     ///< the `admit` line's words, "" when served
    std::string request;
    std::string expected;  ///< the start of the reply (or all of it, with `whole`)
    bool whole = false;
};

inline std::string unescape(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        switch (s[++i]) {
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'n': out += '\n'; break;
        case 'x':  // \xNN: any byte, for control characters in requests
            if (i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(std::string{s.substr(i + 1, 2)}, nullptr, 16));
                i += 2;
                break;
            }
            [[fallthrough]];
        default: out += s[i]; break;
        }
    }
    return out;
}

/// Reads a transcript; `body_eol` ends each `|` line ("\n" for gemtext, "\r\n" for Gopher).
inline std::vector<transcript_case> read_transcript(const std::filesystem::path& file, std::string_view body_eol)
{
    std::ifstream in{file};
    if (!in)
        throw std::runtime_error{"cannot read " + file.string()};
    std::vector<transcript_case> cases;
    transcript_case current;
    bool open = false;
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        if (text.starts_with("#"))
            continue;
        if (text.empty()) {
            if (open)
                cases.push_back(std::move(current));
            current = {};
            open = false;
            continue;
        }
        if (!open)
            current.line = number;
        open = true;
        const std::string rest = text.size() > 2 ? unescape(std::string_view{text}.substr(2)) : std::string{};
        if (text.starts_with("sni "))
            current.sni = text.substr(4);
        else if (text.starts_with("admit "))
            current.admit = text.substr(6);
        else if (text.starts_with(">"))
            current.request = rest;
        else if (text.starts_with("<"))
            current.expected += rest + "\r\n";
        else if (text.starts_with("|"))
            current.expected += rest + std::string{body_eol};
        else if (text.starts_with("~"))
            current.expected += rest;
        else if (text == "$")
            current.whole = true;
        else
            throw std::runtime_error{file.string() + ":" + std::to_string(number) + ": unknown transcript line"};
    }
    if (open)
        cases.push_back(std::move(current));
    return cases;
}

} // namespace smolpub::testing
