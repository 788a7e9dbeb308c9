// SPDX-License-Identifier: ISC
// Moved here from gemini/request.cpp so that HTTP decodes paths and host names by the same
// rules as Gemini: one place decides what a request may name.
#include "text/url_path.hpp"

#include <algorithm>
#include <cctype>

#include "text/ascii.hpp"
#include "text/percent.hpp"
#include "text/punycode.hpp"
#include "text/utf8.hpp"

namespace smolpub::text {
namespace {

bool has_control(std::string_view s) { return std::any_of(s.begin(), s.end(), is_ascii_control); }

} // namespace

std::string_view describe(path_error e)
{
    switch (e) {
    case path_error::not_absolute: return "path must be absolute";
    case path_error::bad_escape: return "malformed percent-encoding";
    case path_error::dot_segment: return "dot segments are not allowed";
    case path_error::control: return "control characters in path";
    case path_error::encoded_slash: return "encoded '/' in a path segment";
    case path_error::not_utf8: return "path is not valid UTF-8";
    }
    return "malformed path";
}

tl::expected<std::string, path_error> decode_url_path(std::string_view raw)
{
    if (raw.empty())
        return std::string{};
    if (raw.front() != '/')
        return tl::unexpected(path_error::not_absolute);
    std::string path;
    path.reserve(raw.size());
    std::size_t pos = 1;
    while (true) {
        const std::size_t end = std::min(raw.find('/', pos), raw.size());
        const auto segment = percent_decode_strict(raw.substr(pos, end - pos));
        if (!segment)
            return tl::unexpected(path_error::bad_escape);
        if (*segment == "." || *segment == "..")
            return tl::unexpected(path_error::dot_segment);
        if (has_control(*segment))  // NUL included
            return tl::unexpected(path_error::control);
        if (segment->find('/') != std::string::npos)
            return tl::unexpected(path_error::encoded_slash);
        path += '/';
        path += *segment;
        if (end == raw.size())
            break;
        pos = end + 1;
    }
    if (!is_valid_utf8(path))
        return tl::unexpected(path_error::not_utf8);
    return path;
}

std::optional<std::string> canonical_host(std::string_view raw)
{
    auto decoded = percent_decode_strict(raw);
    if (!decoded || decoded->empty() || !is_valid_utf8(*decoded) || has_control(*decoded))
        return std::nullopt;
    std::string host = std::move(*decoded);
    if (host.front() == '[') {  // IPv6 literal: compared as written, lower-cased
        if (host.back() != ']')
            return std::nullopt;
        return ascii_lower(host);
    }
    if (host.back() == '.')
        host.pop_back();
    std::string out;
    std::size_t pos = 0;
    while (pos <= host.size()) {
        const std::size_t end = std::min(host.find('.', pos), host.size());
        std::string label{host.substr(pos, end - pos)};
        if (label.empty())
            return std::nullopt;
        label = ascii_lower(label);
        const bool ascii = std::all_of(label.begin(), label.end(), [](unsigned char c) { return c < 0x80; });
        if (!ascii) {
            // Only ASCII letters are case-folded here; IDNA mapping of other scripts is left to the client.
            auto encoded = punycode_encode(label);
            if (!encoded)
                return std::nullopt;
            label = "xn--" + *encoded;
        }
        const bool valid = std::all_of(label.begin(), label.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        });
        if (!valid || label.size() > 63)
            return std::nullopt;
        if (!out.empty())
            out += '.';
        out += label;
        pos = end + 1;
    }
    return out;
}

} // namespace smolpub::text
