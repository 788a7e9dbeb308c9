// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gopher/handler.hpp"
#include "gopher/pages.hpp"

using namespace smolpub;
using namespace smolpub::gopher;

namespace {

std::vector<std::string> lines_of(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find("\r\n", start);
        REQUIRE(end != std::string_view::npos);  // every line ends in CRLF
        lines.emplace_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

std::size_t tabs_in(std::string_view line) { return static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')); }

/// Every line but the final "." has exactly four fields; the menu ends with ".\r\n".
void check_menu_shape(std::string_view menu)
{
    REQUIRE(menu.ends_with(".\r\n"));
    const auto lines = lines_of(menu);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back() == ".");
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        CAPTURE(lines[i]);
        CHECK(tabs_in(lines[i]) == 3);
    }
}

/// A site with a few fixed Gopher pages, an alias, and a search that echoes its query.
class fake_site final : public site::site {
public:
    fake_site()
    {
        pages_["/"] = {"application/gopher-menu", "iHome\t\tnull.host\t1\r\n"};  // unframed, as a site's
        pages_["/a.txt"] = {"text/plain; charset=utf-8", "A text.\r\n"};
        pages_["/what?.txt"] = {"text/plain; charset=utf-8", "Question.\r\n"};
    }
    smolpub::site::route_result route(std::string_view) const override { return {}; }
    smolpub::site::route_result route_gopher(std::string_view selector, smolpub::site::disk_reads reads = {}) const override
    {
        asked.emplace_back(selector);
        if (selector == "/hand.gmi") {  // made from the disk, as a hand-written .gmi's menu is
            if (reads == smolpub::site::disk_reads::deferred)
                return {smolpub::site::route_result::outcome::found, nullptr, {}, 0, true};
            return {smolpub::site::route_result::outcome::found,
                    std::make_shared<const smolpub::site::document>(smolpub::site::document{"application/gopher-menu", "iHand\t\tnull.host\t1\r\n"}), {}};
        }
        if (selector == "/old")
            return {smolpub::site::route_result::outcome::redirect, nullptr, "/a.txt"};
        if (auto it = pages_.find(std::string{selector}); it != pages_.end())
            return {smolpub::site::route_result::outcome::found, std::make_shared<const smolpub::site::document>(it->second), {}};
        return {};
    }
    std::vector<smolpub::site::search_hit> search(std::string_view, std::size_t) const override { return {}; }
    smolpub::site::document search_page_gemini(std::string_view) const override { return {}; }
    smolpub::site::document search_page_gopher(std::string_view query) const override
    {
        return {"application/gopher-menu", "iResults for " + std::string{query} + "\t\tnull.host\t1\r\n"};
    }
    const smolpub::site::load_summary& summary() const override { return summary_; }
    const std::vector<content::diagnostic>& problems() const override { return problems_; }
    std::vector<std::string> gemini_paths() const override { return {}; }
    std::vector<std::string> gopher_selectors() const override { return {}; }

    mutable std::vector<std::string> asked;

private:
    std::map<std::string, smolpub::site::document> pages_;
    smolpub::site::load_summary summary_;
    std::vector<content::diagnostic> problems_;
};

content::site_settings settings()
{
    content::site_settings s;
    s.title = "Lantern Lane";
    s.author = "Wren";
    s.gopher_host = "gopher.example";
    s.gopher_port = 7070;
    return s;
}

reply ask(const std::shared_ptr<const fake_site>& site, std::string_view line)
{
    return handle(parse_selector(line), site, settings());
}

} // namespace

TEST_CASE("error_menu is a type-3 line with four fields, a way home, and the terminator")
{
    const std::string menu = error_menu("Not found: /x", "gopher.example", 7070);
    check_menu_shape(menu);
    CHECK(menu.starts_with("3Not found: /x\t\terror.host\t1\r\n"));
    CHECK(menu.find("1Back to the home page\t/\tgopher.example\t7070\r\n") != std::string::npos);

    SUBCASE("tabs and line breaks in the message cannot add fields or lines")
    {
        const std::string nasty = error_menu("a\tb\r\nc", "h", 70);
        check_menu_shape(nasty);
        CHECK(lines_of(nasty).size() == 3);
    }
}

TEST_CASE("caps_txt is the capabilities file clients expect")
{
    const std::string caps = caps_txt();
    CHECK(caps.starts_with("CAPS\r\n\r\nCapsVersion=1\r\n"));
    for (const char* key : {"ExpireCapsAfter=3600\r\n", "PathDelimeter=/\r\n", "PathIdentity=.\r\n",
                            "PathParent=..\r\n", "PathParentDouble=FALSE\r\n", "PathKeepPreDelimeter=FALSE\r\n",
                            "ServerSoftware=smolpub\r\n", "ServerDefaultEncoding=UTF-8\r\n"}) {
        CAPTURE(key);
        CHECK(caps.find(key) != std::string::npos);
    }
    CHECK(caps.find("ServerSoftwareVersion=" SMOLPUB_VERSION "\r\n") != std::string::npos);
    for (std::size_t i = 0; i < caps.size(); ++i)
        if (caps[i] == '\n')
            CHECK(caps[i - 1] == '\r');
}

TEST_CASE("url_redirect_page follows only allow-listed schemes and escapes the URL")
{
    SUBCASE("allowed schemes, in any case")
    {
        for (const char* url : {"http://a.example/", "https://a.example/x", "gemini://a.example/", "gopher://a.example/1/",
                                "mailto:wren@example.org", "ftp://a.example/f", "irc://irc.example/#c", "HTTPS://A.EXAMPLE/"}) {
            CAPTURE(url);
            const auto page = url_redirect_page(url);
            REQUIRE(page);
            CHECK(page->find("http-equiv=\"refresh\"") != std::string::npos);
            CHECK(page->find("url=" + std::string{url} + "\"") != std::string::npos);
            CHECK(page->find("<a href=\"" + std::string{url} + "\">") != std::string::npos);
        }
    }
    SUBCASE("markup in the URL is escaped everywhere it appears")
    {
        const auto page = url_redirect_page("https://a.example/?q=\"><script>alert('x')</script>&b=1");
        REQUIRE(page);
        CHECK(page->find("<script>") == std::string::npos);
        CHECK(page->find("\"><") == std::string::npos);
        CHECK(page->find("https://a.example/?q=&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;b=1") !=
              std::string::npos);
    }
    SUBCASE("other schemes and broken URLs are refused")
    {
        for (const char* url : {"javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "vbscript:x",
                                "https:", "no-scheme", "", "https://a.example/ b", "https://a.example/\x01"}) {
            CAPTURE(url);
            CHECK_FALSE(url_redirect_page(url));
        }
    }
}

TEST_CASE("search_prompt_menu offers a type-7 item on our host")
{
    const std::string menu = search_prompt_menu("Lantern Lane", "gopher.example", 7070);
    check_menu_shape(menu);
    CHECK(menu.find("7Search Lantern Lane\t/search\tgopher.example\t7070\r\n") != std::string::npos);
}

TEST_CASE("http_refusal is a complete HTTP/1.0 400 pointing at the gopher URL")
{
    const std::string http = http_refusal("gopher.example", 7070);
    CHECK(http.starts_with("HTTP/1.0 400 Bad Request\r\n"));
    CHECK(http.find("Content-Type: text/plain") != std::string::npos);
    const std::size_t body_at = http.find("\r\n\r\n") + 4;
    const std::string body = http.substr(body_at);
    CHECK(http.find("Content-Length: " + std::to_string(body.size()) + "\r\n") != std::string::npos);
    CHECK(body.find("gopher://gopher.example:7070/") != std::string::npos);
    CHECK(http_refusal("h", 70).find("gopher://h/") != std::string::npos);
}

TEST_CASE("handle answers each kind of request")
{
    const auto site = std::make_shared<const fake_site>();

    SUBCASE("a page found is served from the snapshot, unchanged")
    {
        const reply r = ask(site, "/a.txt\r\n");
        CHECK(r.status == status_ok);
        CHECK(r.head.empty());
        CHECK(r.body_view() == "A text.\r\n");
        REQUIRE(r.keep);  // the rendered page is held by the reply, however the cache moves on
        CHECK(r.body == &static_cast<const site::document*>(r.keep.get())->body);
    }
    SUBCASE("the empty selector is the root")
    {
        CHECK(ask(site, "\r\n").body_view() == "iHome\t\tnull.host\t1\r\n.\r\n");
    }
    SUBCASE("an alias is answered with its target's page")
    {
        const reply r = ask(site, "/old\r\n");
        CHECK(r.status == status_ok);
        CHECK(r.body_view() == "A text.\r\n");
    }
    SUBCASE("unknown selectors get a type-3 error menu")
    {
        const reply r = ask(site, "/nope\r\n");
        CHECK(r.status == status_error);
        check_menu_shape(r.body_view());
        CHECK(r.body_view().starts_with("3Not found: /nope\t\terror.host\t1\r\n"));
    }
    SUBCASE("malformed requests get a type-3 error menu with the reason")
    {
        const reply r = ask(site, "/caf\xe9\r\n");
        CHECK(r.status == status_error);
        check_menu_shape(r.body_view());
        CHECK(r.body_view().starts_with("3Request is not UTF-8\t"));
        CHECK(r.path == "-");  // the raw bytes never reach the log
    }
    SUBCASE("a selector with '?' that is a real selector still resolves")
    {
        CHECK(ask(site, "/what?.txt\r\n").body_view() == "Question.\r\n");
    }
    SUBCASE("caps.txt, with or without a slash")
    {
        CHECK(ask(site, "caps.txt\r\n").body_view() == caps_txt());
        CHECK(ask(site, "/caps.txt\r\n").body_view() == caps_txt());
    }
    SUBCASE("URL: selectors")
    {
        const reply ok = ask(site, "URL:https://example.org/\r\n");
        CHECK(ok.status == status_ok);
        CHECK(ok.body_view().find("https://example.org/") != std::string::npos);
        const reply refused = ask(site, "URL:javascript:alert(1)\r\n");
        CHECK(refused.status == status_error);
        check_menu_shape(refused.body_view());
    }
    SUBCASE("search with a query is the capsule's results menu, terminated")
    {
        for (const char* line : {"/search\theron\r\n", "/search?heron\r\n"}) {
            CAPTURE(line);
            const reply r = ask(site, line);
            CHECK(r.status == status_ok);
            check_menu_shape(r.body_view());
            CHECK(r.body_view().starts_with("iResults for heron\t"));
        }
    }
    SUBCASE("search without a query prompts with a type-7 item")
    {
        const reply r = ask(site, "/search\r\n");
        check_menu_shape(r.body_view());
        CHECK(r.body_view().find("7Search Lantern Lane\t/search\tgopher.example\t7070") != std::string::npos);
    }
    SUBCASE("Gopher+ \\t+ prefixes the normal reply with +-2")
    {
        const reply r = ask(site, "/a.txt\t+\r\n");
        CHECK(r.head == "+-2\r\n");
        CHECK(r.body_view() == "A text.\r\n");
        const reply missing = ask(site, "/nope\t+\r\n");
        CHECK(missing.status == status_error);
        CHECK(missing.body_view().starts_with("--1\r\n1\r\n"));
        CHECK(missing.body_view().ends_with("\r\n.\r\n"));
    }
    SUBCASE("Gopher+ attribute requests get a minimal, dot-terminated block")
    {
        const reply r = ask(site, "/a.txt\t!\r\n");
        CHECK(r.head.empty());
        CHECK(r.body_view() == "+-1\r\n+INFO: 0/a.txt\t/a.txt\tgopher.example\t7070\r\n+ADMIN:\r\n Admin: Wren\r\n.\r\n");
        const reply root = ask(site, "\t$\r\n");
        CHECK(root.body_view().starts_with("+-1\r\n+INFO: 1Lantern Lane\t/\tgopher.example\t7070\r\n"));
    }
    SUBCASE("HTTP requests get the HTTP refusal")
    {
        const reply r = ask(site, "GET / HTTP/1.1\r\n");
        CHECK(r.status == status_http);
        CHECK(r.body_view().starts_with("HTTP/1.0 400 Bad Request\r\n"));
    }
}

TEST_CASE("a reply that reads the disk is left to the session to make off the loop, then made in full")
{
    const auto site = std::make_shared<const fake_site>();
    // On the event loop (deferred): nothing answered, nothing written, the session asks again.
    const reply later = handle(parse_selector("/hand.gmi\r\n"), site, settings(), smolpub::site::disk_reads::deferred);
    CHECK(later.needs_disk);
    CHECK(later.body_view().empty());
    CHECK(later.head.empty());
    // Off the loop (allowed): the menu, framed as any other.
    const reply menu = handle(parse_selector("/hand.gmi\r\n"), site, settings(), smolpub::site::disk_reads::allowed);
    CHECK_FALSE(menu.needs_disk);
    CHECK(std::string{menu.body_view()} == "iHand\t\tnull.host\t1\r\n.\r\n");
    // Everything else is answered at once, deferred or not.
    const reply text = handle(parse_selector("/a.txt\r\n"), site, settings(), smolpub::site::disk_reads::deferred);
    CHECK_FALSE(text.needs_disk);
    CHECK(std::string{text.body_view()} == "A text.\r\n");
}
