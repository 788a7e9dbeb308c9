// SPDX-License-Identifier: ISC
#pragma once
// The reload worker: builds a new snapshot on a thread of its own (a big capsule takes a
// moment, and no serving loop may wait for it), one reload at a time. A request that
// arrives during a reload is not dropped: the running reload goes once more, since the
// files may have changed after it read them. Many requests during one reload make one
// more reload, not many.
#include <atomic>
#include <functional>
#include <thread>
#include <utility>

namespace smolpub::runtime {

class reloader {
public:
    /// `reload_once` is the whole reload (read the config, build, publish); it runs on the
    /// worker thread only, never two at once.
    explicit reloader(std::function<void()> reload_once) : reload_once_{std::move(reload_once)} {}
    reloader(const reloader&) = delete;
    reloader& operator=(const reloader&) = delete;
    ~reloader() { join(); }

    /// Asks for a reload; returns at once. From one thread at a time (serve: the first loop).
    void request()
    {
        wanted_ = true;
        if (running_.exchange(true))
            return;  // the worker under way sees wanted_ and goes once more
        if (worker_.joinable())
            worker_.join();  // it has finished (running_ was false): joins at once
        worker_ = std::thread([this] {
            do {
                while (wanted_.exchange(false))
                    reload_once_();
                running_ = false;
                // A request() between the loop's last look and the line above found
                // running_ still set and left its reload to us.
            } while (wanted_.load() && !running_.exchange(true));
        });
    }

    /// Waits for the reload under way, if any (serve calls it before it exits).
    void join()
    {
        if (worker_.joinable())
            worker_.join();
    }

private:
    std::function<void()> reload_once_;
    std::atomic<bool> running_{false};
    std::atomic<bool> wanted_{false};
    std::thread worker_;
};

} // namespace smolpub::runtime
