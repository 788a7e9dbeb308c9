// SPDX-License-Identifier: ISC
#pragma once
// Telling aggregators about a feed. Antenna, the aggregator of geminispace, never polls: a
// capsule requests its submit URL with the feed's URL as the query. `smolpub announce` does
// it once on demand; a serving process does it after a reload that changed a feed, on a
// thread of its own (a submission can take its whole 10 s timeout), never retried, and at
// most once per `spacing` for each feed, so a burst of saves makes one submission.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "content/settings.hpp"

namespace smolpub::cli {

/// The site's feed URL, as its feed and links name it: gemini://HOST[:PORT]/atom.xml.
std::string feed_url(const content::site_settings& site);

/// Where the site's feed is submitted: Antenna's URL when announce.antenna is on, then
/// announce.urls. Empty: announcing is off for the site.
std::vector<std::string> submit_urls(const content::site_settings& site);

/// Submits `feed` to `submit_url` (as its query). The log line to print, and whether the
/// aggregator accepted it (a 2x or 3x answer).
struct submission_result {
    bool accepted = false;
    std::string line;
};
submission_result submit_feed(const std::string& submit_url, const std::string& feed);

class announcer {
public:
    explicit announcer(std::chrono::milliseconds spacing = std::chrono::seconds{60});
    ~announcer();  ///< submissions still waiting are dropped: a stop never waits on one
    announcer(const announcer&) = delete;
    announcer& operator=(const announcer&) = delete;

    /// The feed of `site` changed: submit it to each of its URLs once, as soon as the
    /// feed's last submission is `spacing` old. Changes before then make no second one.
    void feed_changed(const content::site_settings& site);

private:
    void run();

    struct pending {
        std::vector<std::string> urls;
        bool waiting = false;
        std::chrono::steady_clock::time_point last{};  ///< epoch: never submitted
    };
    const std::chrono::milliseconds spacing_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, pending> feeds_;  ///< by feed URL
    bool stopping_ = false;
    std::thread worker_;
};

} // namespace smolpub::cli
