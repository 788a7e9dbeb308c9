// SPDX-License-Identifier: ISC
#include "gopher/pages.hpp"

#include <algorithm>
#include <utility>

#include "gopher/response.hpp"
#include "render/gopher.hpp"
#include "render/html.hpp"
#include "text/ascii.hpp"

namespace smolpub::gopher {
namespace {

std::string gopher_url(std::string_view host, unsigned port)
{
    std::string url = "gopher://";
    url += host.find(':') != std::string_view::npos ? "[" + std::string{host} + "]" : std::string{host};
    if (port != 70)
        url += ":" + std::to_string(port);
    url += "/";
    return url;
}

} // namespace

std::string error_menu(std::string_view message, std::string_view host, unsigned port)
{
    // error.host/1 is the convention clients recognise for "no real item here".
    std::string out = render::menu_line({'3', std::string{message}, "", "error.host", 1});
    out += render::menu_line({'1', "Back to the home page", "/", std::string{host}, port});
    return finish_menu(std::move(out));
}

std::string caps_txt()
{
    // "Delimeter" is the spelling of the original caps.txt specification; clients match it.
    std::string caps =
        "CAPS\r\n"
        "\r\n"
        "CapsVersion=1\r\n"
        "ExpireCapsAfter=3600\r\n"
        "\r\n"
        "PathDelimeter=/\r\n"
        "PathIdentity=.\r\n"
        "PathParent=..\r\n"
        "PathParentDouble=FALSE\r\n"
        "PathKeepPreDelimeter=FALSE\r\n"
        "\r\n"
        "ServerSoftware=smolpub\r\n"
        "ServerSoftwareVersion=" SMOLPUB_VERSION "\r\n"
        "ServerDefaultEncoding=UTF-8\r\n";
    return caps;
}

std::optional<std::string> url_redirect_page(std::string_view url)
{
    static constexpr std::array allowed{"http", "https", "gemini", "gopher", "mailto", "ftp", "irc"};
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos || colon + 1 == url.size())
        return std::nullopt;
    const std::string scheme = text::ascii_lower(url.substr(0, colon));
    if (std::find(allowed.begin(), allowed.end(), scheme) == allowed.end())
        return std::nullopt;
    // A space or control character cannot be part of a URL; refusing them keeps the
    // attribute below one token.
    if (std::any_of(url.begin(), url.end(), [](char c) { return c == ' ' || text::is_ascii_control(c); }))
        return std::nullopt;

    std::string href;
    render::append_html_escaped(href, url);
    std::string page;
    page += "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n";
    page += "<meta http-equiv=\"refresh\" content=\"1;url=" + href + "\">\n";
    page += "<title>Link to " + href + "</title>\n</head>\n<body>\n";
    page += "<p>This Gopher item points elsewhere: <a href=\"" + href + "\">" + href + "</a></p>\n";
    page += "</body>\n</html>\n";
    return page;
}

std::string search_prompt_menu(std::string_view title, std::string_view host, unsigned port)
{
    std::string out = render::info_line("Search " + std::string{title} + ": enter words to look for.");
    out += render::menu_line({'7', "Search " + std::string{title}, "/search", std::string{host}, port});
    out += render::menu_line({'1', "Back to the home page", "/", std::string{host}, port});
    return finish_menu(std::move(out));
}

std::string http_refusal(std::string_view host, unsigned port)
{
    const std::string body = "This is a Gopher server, not a web server.\r\nOpen " + gopher_url(host, port) +
                             " in a Gopher client.\r\n";
    std::string out = "HTTP/1.0 400 Bad Request\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "Connection: close\r\n"
                      "Content-Length: ";
    out += std::to_string(body.size());
    out += "\r\n\r\n";
    out += body;
    return out;
}

} // namespace smolpub::gopher
