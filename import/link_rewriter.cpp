// SPDX-License-Identifier: ISC
#include "import/link_rewriter.hpp"

#include "import/slugs.hpp"
#include "text/ascii.hpp"

namespace smolpub::import {
namespace {

std::string_view strip_scheme(std::string_view url)
{
    for (std::string_view scheme : {"https://", "http://", "//"}) {
        if (url.size() >= scheme.size()) {
            if (text::ascii_lower(url.substr(0, scheme.size())) == scheme)
                return url.substr(scheme.size());
        }
    }
    return {};
}

/// The value of `name=` in a query string.
std::string query_value(std::string_view query, std::string_view name)
{
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
            return std::string{pair.substr(name.size() + 1)};
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

/// The host and path (and query) of an http(s) or scheme-relative URL, without its
/// fragment; empty for any other URL.
std::string_view host_and_path(std::string_view url)
{
    const std::string_view rest = strip_scheme(url);
    return rest.substr(0, rest.find('#'));
}

} // namespace

std::string url_key(std::string_view url)
{
    const std::string_view rest = host_and_path(url);
    if (rest.empty())
        return {};
    const auto slash = rest.find_first_of("/?");
    std::string host = text::ascii_lower(rest.substr(0, slash));
    if (host.starts_with("www."))
        host.erase(0, 4);
    std::string path = slash == std::string_view::npos ? std::string{} : percent_decode(rest.substr(slash));
    const auto query = path.find('?');
    std::string tail = query == std::string::npos ? std::string{} : path.substr(query);
    path.resize(std::min(path.size(), query));
    while (path.ends_with('/'))
        path.pop_back();
    return host + path + tail;
}

std::string url_path(std::string_view url)
{
    const std::string_view rest = host_and_path(url);
    const auto slash = rest.find('/');
    return slash == std::string_view::npos ? std::string{} : std::string{rest.substr(slash)};
}

link_rewriter::link_rewriter(std::vector<std::string> bases)
{
    for (const auto& base : bases) {
        std::string key = url_key(base);
        if (!key.empty())
            bases_.push_back(std::move(key));
    }
}

void link_rewriter::add(const std::string& id, std::string_view link, const std::string& target)
{
    if (!id.empty())
        by_id_[id] = target;
    const std::string key = url_key(link);
    if (!key.empty() && key.find('?') == std::string::npos)
        by_key_.emplace(key, target);
}

std::optional<std::string_view> link_rewriter::under_base(std::string_view key) const
{
    for (const auto& base : bases_)
        if (key.starts_with(base) && (key.size() == base.size() || key[base.size()] == '/' || key[base.size()] == '?'))
            return key.substr(base.size());
    return std::nullopt;
}

std::optional<std::string> link_rewriter::rewrite(std::string_view url) const
{
    const std::string key = url_key(url);
    if (key.empty())
        return std::nullopt;
    const auto rest = under_base(key);
    if (!rest)
        return std::nullopt;
    if (auto it = by_key_.find(key); it != by_key_.end())
        return it->second;
    const auto query = rest->find('?');
    if (query != std::string_view::npos) {
        const std::string_view q = rest->substr(query + 1);
        for (std::string_view name : {"p", "page_id"}) {
            const std::string id = query_value(q, name);
            if (auto it = by_id_.find(id); !id.empty() && it != by_id_.end())
                return it->second;
        }
    }
    return std::nullopt;
}

std::optional<std::string> link_rewriter::upload_path(std::string_view url) const
{
    const std::string key = url_key(url);
    std::string path;
    const std::string_view host = std::string_view{key}.substr(0, key.find_first_of("/?"));
    if (host.ends_with(".files.wordpress.com") && host.size() < key.size() && key[host.size()] == '/') {
        // WordPress.com serves a blog's uploads from <blog>.files.wordpress.com/2009/03/x.jpg.
        path = key.substr(host.size() + 1);
    } else {
        const auto rest = under_base(key);
        if (!rest)
            return std::nullopt;
        constexpr std::string_view uploads = "/wp-content/uploads/";
        if (!rest->starts_with(uploads))
            return std::nullopt;
        path = rest->substr(uploads.size());
    }
    path.resize(std::min(path.size(), path.find('?')));
    if (path.empty())
        return std::nullopt;
    // One safe relative path: no empty, "." or ".." segments, nothing hidden.
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const std::string_view segment =
            std::string_view{path}.substr(start, (slash == std::string::npos ? path.size() : slash) - start);
        if (segment.empty() || segment.front() == '.' || segment.find('\\') != std::string_view::npos)
            return std::nullopt;
        for (char c : segment)
            if (static_cast<unsigned char>(c) < 0x20)
                return std::nullopt;
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    if (!is_utf8(path))
        return std::nullopt;
    return path;
}

} // namespace smolpub::import
