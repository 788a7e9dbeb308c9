// Gopher request parsing and the few selectors the server answers itself (caps.txt, URL:,
// /search). Everything else is a page the capsule pre-rendered; this file only frames it.
#include "gopher/request.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "render/gopher.hpp"
#include "text/percent.hpp"
#include "text/utf8.hpp"
#include "text/ascii.hpp"

namespace smolpub::server::gopher {
namespace {

constexpr std::string_view crlf = "\r\n";
constexpr std::string_view menu_end = ".\r\n";

request malformed(std::string message)
{
    request r;
    r.kind = request_kind::malformed;
    r.message = std::move(message);
    return r;
}

bool is_control(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

/// `METHOD SP target SP HTTP/<digit>`: what every web client sends first. Matching the
/// version too keeps a selector that merely starts with "GET " a selector.
bool is_http_request_line(std::string_view line)
{
    const std::size_t first_space = line.find(' ');
    if (first_space == 0 || first_space == std::string_view::npos || first_space > 10)
        return false;
    if (!std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(first_space),
                     [](char c) { return c >= 'A' && c <= 'Z'; }))
        return false;
    const std::size_t version = line.rfind(" HTTP/");
    if (version == std::string_view::npos || version <= first_space)
        return false;
    const std::size_t digit = version + 6;
    return digit < line.size() && line[digit] >= '0' && line[digit] <= '9';
}

/// A Gopher+ marker field: `+` (optionally naming a representation), `!` or `$`
/// (optionally naming attributes).
std::optional<request_kind> gopher_plus_marker(std::string_view field)
{
    if (field.starts_with('+'))
        return request_kind::gopher_plus;
    if (field.starts_with('!') || field.starts_with('$'))
        return request_kind::attributes;
    return std::nullopt;
}

std::vector<std::string_view> split_tabs(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos)
            return fields;
        start = tab + 1;
    }
}

bool starts_with_url_prefix(std::string_view selector)
{
    return selector.starts_with("URL:") || selector.starts_with("/URL:");
}

std::string_view url_of(std::string_view selector)
{
    return selector.substr(selector.find(':') + 1);
}

std::string html_escape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}


/// The item type a document is served as, for Gopher+ +INFO lines.
char item_type_for(std::string_view mime)
{
    if (mime.find("gopher-menu") != std::string_view::npos) return '1';
    if (mime.starts_with("text/html")) return 'h';
    if (mime.starts_with("text/")) return '0';
    if (mime.starts_with("image/gif")) return 'g';
    if (mime.starts_with("image/")) return 'I';
    return '9';
}

/// A menu body as a complete reply. search_page_gopher leaves the terminator to us; a
/// menu line always ends in its port digits, so ".\r\n" at the end can only be one.
std::string terminated_menu(std::string body)
{
    if (body != menu_end && !body.ends_with(std::string{crlf} + std::string{menu_end}))
        body += menu_end;
    return body;
}

std::string gopher_url(std::string_view host, unsigned port)
{
    std::string url = "gopher://";
    url += host.find(':') != std::string_view::npos ? "[" + std::string{host} + "]" : std::string{host};
    if (port != 70)
        url += ":" + std::to_string(port);
    url += "/";
    return url;
}

/// What a request resolves to, before Gopher+ framing.
struct outcome {
    int status = status_ok;
    char type = '1';
    const std::string* body = nullptr;  ///< into the site snapshot
    std::string owned_body;
    std::optional<capsule::file_source> file;
    std::shared_ptr<const capsule::document> page;  ///< owns `body`
    std::string error;                  ///< set when status is status_error
};

outcome failed(std::string message, const capsule::site_settings& settings)
{
    outcome o;
    o.status = status_error;
    o.type = '3';
    o.owned_body = error_menu(message, settings.gopher_host, settings.gopher_port);
    o.error = std::move(message);
    return o;
}

outcome owned(char type, std::string body)
{
    outcome o;
    o.type = type;
    o.owned_body = std::move(body);
    return o;
}

outcome from_site(const capsule::site& site, const request& req, const capsule::site_settings& settings)
{
    auto serve = [](std::shared_ptr<const capsule::document> doc) {
        outcome o;
        o.type = item_type_for(doc->mime);
        o.body = &doc->body;
        o.file = doc->file;
        o.page = std::move(doc);
        return o;
    };
    capsule::route_result routed = site.route_gopher(req.selector);
    // A selector that contained '?' may be a real selector rather than a query.
    if (routed.what == capsule::route_result::outcome::not_found && req.query && !req.raw.empty() &&
        req.raw != req.selector)
        routed = site.route_gopher(req.raw);
    // Gopher has no redirects: answer an alias with the page it points to.
    if (routed.what == capsule::route_result::outcome::redirect)
        routed = site.route_gopher(routed.target);
    if (routed.what == capsule::route_result::outcome::found && routed.doc)
        return serve(routed.doc);
    return failed("Not found: " + req.selector, settings);
}

outcome resolve(const request& req, const capsule::site& site, const capsule::site_settings& settings)
{
    const std::string_view selector = req.selector;
    if (selector == "caps.txt" || selector == "/caps.txt")
        return owned('0', caps_txt());
    if (starts_with_url_prefix(selector)) {
        if (auto page = url_redirect_page(url_of(selector)))
            return owned('h', std::move(*page));
        return failed("Not a link smolpub redirects to: " + std::string{url_of(selector)}, settings);
    }
    if (selector == "/search" || selector == "search") {
        if (!req.query || req.query->empty())
            return owned('1', search_prompt_menu(settings.title, settings.gopher_host, settings.gopher_port));
        return owned('7', terminated_menu(site.search_page_gopher(*req.query).body));
    }
    return from_site(site, req, settings);
}

std::string attribute_block(const request& req, char type, const capsule::site_settings& settings)
{
    const std::string display = req.selector == "/" ? settings.title : req.selector;
    std::string out = "+-1\r\n+INFO: ";
    // No trailing "\t+": the item is not advertised as Gopher+, so clients fall back.
    out += render::menu_line({type, display, req.selector, settings.gopher_host, settings.gopher_port});
    out += "+ADMIN:\r\n Admin: ";
    out += settings.author.empty() ? settings.title : settings.author;
    out += crlf;
    out += menu_end;
    return out;
}

} // namespace

request parse_selector(std::string_view line)
{
    if (line.ends_with(crlf))
        line.remove_suffix(2);
    else if (line.ends_with('\n'))
        line.remove_suffix(1);

    if (line.size() > max_request_bytes)
        return malformed("Request longer than 1024 bytes");
    if (is_http_request_line(line)) {
        request r;
        r.kind = request_kind::http;
        r.selector = std::string{line.substr(line.find(' ') + 1)};
        r.selector.resize(r.selector.rfind(" HTTP/"));
        return r;
    }
    if (!render::is_valid_utf8(line))
        return malformed("Request is not UTF-8");
    if (std::any_of(line.begin(), line.end(), [](char c) { return c != '\t' && is_control(c); }))
        return malformed("Control characters in request");

    const auto fields = split_tabs(line);
    request r;
    r.kind = request_kind::selector;
    r.selector = std::string{fields[0]};
    if (fields.size() == 2) {
        if (const auto plus = gopher_plus_marker(fields[1]))
            r.kind = *plus;
        else
            r.query = std::string{fields[1]};
    } else if (fields.size() == 3) {
        const auto plus = gopher_plus_marker(fields[2]);
        if (!plus)
            return malformed("Too many tab-separated fields");
        r.kind = *plus;
        r.query = std::string{fields[1]};
    } else if (fields.size() > 3) {
        // `selector\t+rep\t1` announces a data block from the client: not supported.
        return malformed("Too many tab-separated fields");
    }

    r.raw = r.selector;
    if (fields.size() == 1 && !starts_with_url_prefix(r.selector)) {
        if (const std::size_t mark = r.selector.find('?'); mark != std::string::npos) {
            std::string query = render::percent_decode(std::string_view{r.selector}.substr(mark + 1));
            if (!render::is_valid_utf8(query) || std::any_of(query.begin(), query.end(), is_control))
                return malformed("Search terms are not UTF-8 text");
            r.query = std::move(query);
            r.selector.resize(mark);
        }
    }
    if (r.query && r.query->empty())
        r.query.reset();
    if (r.selector.empty())
        r.selector = "/";
    if (r.raw.empty())
        r.raw = "/";
    return r;
}

std::string error_menu(std::string_view message, std::string_view host, unsigned port)
{
    // error.host/1 is the convention clients recognise for "no real item here".
    std::string out = render::menu_line({'3', std::string{message}, "", "error.host", 1});
    out += render::menu_line({'1', "Back to the home page", "/", std::string{host}, port});
    out += menu_end;
    return out;
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
    const std::string scheme = render::ascii_lower(url.substr(0, colon));
    if (std::find(allowed.begin(), allowed.end(), scheme) == allowed.end())
        return std::nullopt;
    // A space or control character cannot be part of a URL; refusing them keeps the
    // attribute below one token.
    if (std::any_of(url.begin(), url.end(), [](char c) { return c == ' ' || is_control(c); }))
        return std::nullopt;

    const std::string href = html_escape(url);
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
    out += menu_end;
    return out;
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

reply handle(const request& req, const std::shared_ptr<const capsule::site>& site,
             const capsule::site_settings& settings)
{
    reply r;
    r.path = req.selector;
    if (req.kind == request_kind::http) {
        r.status = status_http;
        r.owned_body = http_refusal(settings.gopher_host, settings.gopher_port);
        return r;
    }
    if (req.kind == request_kind::malformed || !site) {
        r.status = status_error;
        if (req.kind == request_kind::malformed)
            r.path = "-";  // nothing trustworthy to log; the reason is in the reply
        r.owned_body = error_menu(req.kind == request_kind::malformed ? req.message : "Nothing served here",
                                  settings.gopher_host, settings.gopher_port);
        return r;
    }

    outcome o = resolve(req, *site, settings);
    r.status = o.status;
    if (o.status == status_error && req.kind != request_kind::selector) {
        // Gopher+ errors: "-" then -1 (dot-terminated), an error code (1: not available)
        // on the first line, the message on the next.
        r.owned_body = "--1\r\n1\r\n" + o.error + "\r\n.\r\n";
        return r;
    }
    if (req.kind == request_kind::attributes) {
        r.owned_body = attribute_block(req, o.type, settings);
        return r;
    }
    if (req.kind == request_kind::gopher_plus)
        r.head = "+-2\r\n";  // -2: the data ends when we close the connection
    if (o.body) {
        r.body = o.body;
        r.file = std::move(o.file);
        r.page = std::move(o.page);
    } else {
        r.owned_body = std::move(o.owned_body);
    }
    return r;
}

} // namespace smolpub::server::gopher
