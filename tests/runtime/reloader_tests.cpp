// SPDX-License-Identifier: ISC
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "runtime/reloader.hpp"
#include "runtime/status.hpp"

using namespace smolpub::runtime;
using namespace std::chrono_literals;

TEST_CASE("reloader runs one reload per request when they come one after another")
{
    std::atomic<int> runs{0};
    reloader r{[&] { ++runs; }};
    for (int i = 0; i < 3; ++i) {
        r.request();
        r.join();
    }
    CHECK(runs == 3);
}

TEST_CASE("reloader folds the requests made during a reload into one more reload, never dropping the last")
{
    std::mutex m;
    std::condition_variable cv;
    bool release = false;
    std::atomic<int> runs{0}, inside{0}, most_inside{0};
    reloader r{[&] {
        const int now = ++inside;
        most_inside = std::max(most_inside.load(), now);
        if (++runs == 1) {  // the first reload waits until the test has asked again
            std::unique_lock lock{m};
            cv.wait_for(lock, 5s, [&] { return release; });
        }
        --inside;
    }};
    r.request();
    const auto end = std::chrono::steady_clock::now() + 5s;
    while (runs == 0 && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(1ms);
    REQUIRE(runs == 1);
    for (int i = 0; i < 10; ++i)
        r.request();  // during the first reload: the files may have changed after it read them
    {
        const std::lock_guard lock{m};
        release = true;
    }
    cv.notify_all();
    r.join();
    CHECK(runs == 2);
    CHECK(most_inside == 1);  // never two at once
}

TEST_CASE("describe_access_log says how many log lines were dropped")
{
    CHECK(describe_access_log(0) == "smolpub: status: access log: 0 lines dropped (queue full)\n");
    CHECK(describe_access_log(1) == "smolpub: status: access log: 1 line dropped (queue full)\n");
    CHECK(describe_access_log(42) == "smolpub: status: access log: 42 lines dropped (queue full)\n");
}
