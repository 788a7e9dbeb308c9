// SPDX-License-Identifier: ISC
#include "render/gemtext_url.hpp"
#include "text/ascii.hpp"
#include "text/percent.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace smolpub::render {
using text::ascii_lower;

namespace {

bool is_space_or_control(unsigned char c) { return c <= 0x20 || c == 0x7f; }

std::string_view trim(std::string_view s)
{
    while (!s.empty() && is_space_or_control(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && is_space_or_control(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool iequals_prefix(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != prefix[i])
            return false;
    return true;
}

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool has_scheme(std::string_view url)
{
    if (url.empty() || !std::isalpha(static_cast<unsigned char>(url.front())))
        return false;
    for (char c : url) {
        if (c == ':')
            return true;
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return false;
    }
    return false;
}

// Browsers ignore tabs and newlines inside a scheme ("java\tscript:"), so the
// check looks at the URL with those removed, the way an attacker would write it.
bool is_script_or_data(std::string_view url)
{
    std::array<char, 16> buffer{};  // on the stack: this runs for every link
    std::size_t length = 0;
    for (char c : url.substr(0, buffer.size()))
        if (!is_space_or_control(static_cast<unsigned char>(c)))
            buffer[length++] = c;
    const std::string_view squeezed{buffer.data(), length};
    return iequals_prefix(squeezed, "javascript:") || iequals_prefix(squeezed, "vbscript:") ||
           iequals_prefix(squeezed, "data:");
}

bool is_relative_markdown(std::string_view url)
{
    if (has_scheme(url) || url.starts_with("//"))
        return false;
    const std::string_view path = url.substr(0, url.find_first_of("?#"));
    return path.size() > 3 && iequals_prefix(path.substr(path.size() - 3), ".md");
}

std::string percent_encode_unsafe(std::string_view url)
{
    const auto unsafe = std::find_if(url.begin(), url.end(),
                                     [](char c) { return is_space_or_control(static_cast<unsigned char>(c)); });
    if (unsafe == url.end())
        return std::string{url};  // the usual URL: nothing to encode, one copy
    std::string out;
    out.reserve(url.size() + 8);
    text::append_hex_escaped(out, url, is_space_or_control, "%", text::upper_hex);
    return out;
}

} // namespace

bool is_usable_link_target(std::string_view url)
{
    url = trim(url);
    return !url.empty() && url.front() != '#' && !is_script_or_data(url);
}

std::optional<std::string> gemtext_link_target(std::string_view url, const gemtext_options& options)
{
    if (!is_usable_link_target(url))
        return std::nullopt;
    url = trim(url);
    if (options.rewrite_link && is_relative_markdown(url)) {
        if (auto rewritten = options.rewrite_link(url))
            return percent_encode_unsafe(*rewritten);
    }
    return percent_encode_unsafe(url);
}

std::string_view url_file_name(std::string_view url)
{
    url = url.substr(0, url.find_first_of("?#"));
    while (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    const auto slash = url.rfind('/');
    return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

} // namespace smolpub::render
