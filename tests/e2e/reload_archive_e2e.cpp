// SPDX-License-Identifier: ISC
// The real binary on a 2,000-article archive (issue 13): pages are rendered on demand,
// and a reload after editing one article changes that article and nothing else that a
// reader is served.
#include <doctest/doctest.h>

#include <csignal>
#include <map>
#include <string>
#include <vector>

#include "hardening_support.hpp"
#include "loopback_config.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;

namespace {

constexpr int articles = 2'000;
constexpr int categories = 20;

const std::string config = loopback_config("title = \"Archive\"\n", std::string{loopback_gopher} + "port = 70\n[log]\naccess = false\n[limits]\ncache = 1\n");

std::string slug(int i) { return "post-" + std::to_string(i); }
std::string folder(int i) { return "cat" + std::to_string(i % categories); }
std::string url(int i) { return "/" + folder(i) + "/" + slug(i) + ".gmi"; }

std::string article(int i, std::string_view extra = {})
{
    std::string text = "+++\ntitle = \"Article " + std::to_string(i) + "\"\ndate = " +
                       std::to_string(2016 + i % 10) + "-0" + std::to_string(1 + i % 9) + "-1" +
                       std::to_string(i % 10) + "\ntags = [\"t" + std::to_string(i % 40) + "\", \"all\"]\n+++\n";
    text += "Article " + std::to_string(i) + " has *some* words and a [link](https://example.org/" +
            std::to_string(i) + ").\n\n";
    if (i > 0)
        text += "An [earlier one](../" + folder(i - 1) + "/" + slug(i - 1) + ".md).\n\n";
    text += "* one\n* two\n\n";
    text += extra;
    return text;
}

} // namespace

TEST_CASE("a reload after editing one of 2,000 articles changes only that article's pages")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml", config);
    for (int i = 0; i < articles; ++i) {
        write_text(dir.path() / "capsule" / folder(i) / (slug(i) + ".md"), article(i));
        write_text(dir.path() / "capsule" / folder(i) / (slug(i) + ".comments.toml"),
                   "[[comment]]\nauthor = \"Reader\"\ndate = 2024-01-01\nbody = \"Nice one, " +
                       std::to_string(i) + ".\"\n");
    }
    running_server server{dir.path(), 60s};

    // Every article's Gopher menu and text, and some Gemini pages, before the edit. The
    // cache (1 MB) is much smaller than the site, so most of them are rendered cold.
    const auto snapshot = [&] {
        std::map<std::string, std::string> served;
        for (int i = 0; i < articles; ++i) {
            for (const std::string& selector : {url(i), "/" + folder(i) + "/" + slug(i) + ".txt"}) {
                const auto reply = gopher_fetch(server.gopher_port(), selector + "\r\n");
                REQUIRE(reply);
                served[selector] = *reply;
            }
        }
        for (const std::string& path : {url(0), url(1), url(2), url(1000), url(1001), url(1999), std::string{"/"},
                                       std::string{"/cat0/"}, std::string{"/archive/"}, std::string{"/tags/all/"}}) {
            const auto reply = gemini_fetch(server.gemini_port(), "gemini://localhost" + path);
            REQUIRE(reply);
            REQUIRE(reply->header.starts_with("20 "));
            served["gemini:" + path] = reply->body;
        }
        return served;
    };
    const auto before = snapshot();
    CHECK(before.at(url(1000)).find("Article 1000") != std::string::npos);

    write_text(dir.path() / "capsule" / folder(1000) / (slug(1000) + ".md"),
               article(1000, "A sentence about quinces, added later.\n"));
    server.signal(SIGHUP, false);
    REQUIRE(eventually([&] { return server.output().find("smolpub: reloaded") != std::string::npos; }, 60s));

    const auto after = snapshot();
    REQUIRE(after.size() == before.size());
    std::vector<std::string> changed;
    for (const auto& [key, text] : after)
        if (before.at(key) != text)
            changed.push_back(key);
    CHECK(changed == std::vector<std::string>{"/cat0/post-1000.gmi", "/cat0/post-1000.txt", "gemini:/cat0/post-1000.gmi"});
    CHECK(after.at("gemini:" + url(1000)).find("quinces") != std::string::npos);
    const auto found = gemini_fetch(server.gemini_port(), "gemini://localhost/search?quinces");
    REQUIRE(found);
    CHECK(found->body.find("=> /cat0/post-1000.gmi") != std::string::npos);
}
