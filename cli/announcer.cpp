// SPDX-License-Identifier: ISC
#include "cli/announcer.hpp"

#include <iostream>

#include "text/percent.hpp"
#include "tls/client.hpp"

namespace smolpub::cli {
namespace {

constexpr auto timeout = std::chrono::seconds{10};

/// A query may hold ':' and '/' (RFC 3986) but not a space, '#', '%' or a control byte.
std::string as_query(std::string_view url)
{
    std::string out;
    text::append_hex_escaped(
        out, url, [](unsigned char c) { return c <= 0x20 || c >= 0x7f || c == '#' || c == '%'; }, "%", text::upper_hex);
    return out;
}

} // namespace

std::string feed_url(const content::site_settings& site)
{
    std::string url = "gemini://" + (site.hostnames.empty() ? std::string{"localhost"} : site.hostnames.front());
    if (site.gemini_port != 1965)
        url += ':' + std::to_string(site.gemini_port);
    return url + "/atom.xml";
}

std::vector<std::string> submit_urls(const content::site_settings& site)
{
    std::vector<std::string> urls;
    if (site.announce_antenna)
        urls.push_back(site.antenna_url);
    urls.insert(urls.end(), site.announce_urls.begin(), site.announce_urls.end());
    return urls;
}

submission_result submit_feed(const std::string& submit_url, const std::string& feed)
{
    const auto answer = tls::gemini_request(submit_url + "?" + as_query(feed), timeout);
    const std::string what = "announce " + feed + " to " + submit_url;
    if (!answer)
        return {false, what + " failed: " + answer.error()};
    if ((*answer)[0] != '2' && (*answer)[0] != '3')
        return {false, what + " refused: " + *answer};
    return {true, "announced " + feed + " to " + submit_url + ": " + *answer};
}

announcer::announcer(std::chrono::milliseconds spacing) : spacing_(spacing), worker_([this] { run(); }) {}

announcer::~announcer()
{
    {
        std::lock_guard lock{mutex_};
        stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

void announcer::feed_changed(const content::site_settings& site)
{
    auto urls = submit_urls(site);
    if (urls.empty())
        return;
    {
        std::lock_guard lock{mutex_};
        pending& p = feeds_[feed_url(site)];
        p.urls = std::move(urls);
        p.waiting = true;
    }
    wake_.notify_all();
}

void announcer::run()
{
    std::unique_lock lock{mutex_};
    while (!stopping_) {
        // The feed whose turn comes first, and when.
        auto next = feeds_.end();
        auto when = std::chrono::steady_clock::time_point::max();
        for (auto it = feeds_.begin(); it != feeds_.end(); ++it) {
            if (!it->second.waiting)
                continue;
            const auto due = it->second.last == std::chrono::steady_clock::time_point{}
                                 ? std::chrono::steady_clock::time_point{}
                                 : it->second.last + spacing_;
            if (due < when) {
                when = due;
                next = it;
            }
        }
        if (next == feeds_.end()) {
            wake_.wait(lock);
            continue;
        }
        if (std::chrono::steady_clock::now() < when) {
            wake_.wait_until(lock, when);
            continue;
        }
        const std::string feed = next->first;
        const std::vector<std::string> urls = next->second.urls;
        next->second.waiting = false;
        next->second.last = std::chrono::steady_clock::now();
        lock.unlock();
        for (const std::string& url : urls) {
            const submission_result r = submit_feed(url, feed);
            (r.accepted ? std::cout : std::cerr) << "smolpub: " << r.line << '\n' << std::flush;
        }
        lock.lock();
    }
}

} // namespace smolpub::cli
