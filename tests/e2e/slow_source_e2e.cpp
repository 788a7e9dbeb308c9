// SPDX-License-Identifier: ISC
// Nothing blocks the event loop (issue 29): with the one loop thread of the default config,
// a reader fetching a static file whose every read(2) the kernel holds back does not delay
// another reader's small page. The slow source is a real file under a fanotify permission
// mark (FAN_ACCESS_PERM): each read of it by the server waits in the kernel until this test
// answers, as a read from a hung disk or network file system would. A server that read the
// file on its loop would answer nothing else meanwhile: the small pages would take seconds,
// not the few milliseconds they take when the read waits on a thread of its own.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstring>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/fanotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loopback_config.hpp"
#include "server_harness.hpp"
#include "tests/support/text.hpp"

using namespace smolpub::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

using smolpub::test::count_of;

namespace {

using clock_type = std::chrono::steady_clock;

/// Holds back every read of one file by one process: each read(2) waits in the kernel until
/// open() is called, or `hold` has passed since it began.
class read_gate {
public:
    /// nullptr with `why` set when fanotify permission events are not available here.
    static std::unique_ptr<read_gate> on(const fs::path& file, pid_t reader, clock_type::duration hold, std::string& why)
    {
        const int fan = ::fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_CLOEXEC);
        if (fan < 0) {
            why = std::string{"fanotify_init: "} + std::strerror(errno);
            return nullptr;
        }
        if (::fanotify_mark(fan, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, file.c_str()) != 0) {
            why = std::string{"fanotify_mark: "} + std::strerror(errno);
            ::close(fan);
            return nullptr;
        }
        return std::unique_ptr<read_gate>{new read_gate{fan, reader, hold}};
    }

    ~read_gate()
    {
        open();
        quit_ = true;
        thread_.join();
        ::close(fan_);  // answers whatever is left: the kernel allows pending events
    }

    /// From now on every read goes through at once.
    void open() { open_ = true; }
    /// Reads by the server held so far.
    int held() const { return held_.load(); }

private:
    read_gate(int fan, pid_t reader, clock_type::duration hold) : fan_{fan}, reader_{reader}, hold_{hold}
    {
        thread_ = std::thread([this] { run(); });
    }

    struct pending {
        int fd;
        clock_type::time_point since;
    };

    void answer(int fd)
    {
        const fanotify_response r{fd, FAN_ALLOW};
        [[maybe_unused]] auto n = ::write(fan_, &r, sizeof r);
        ::close(fd);
    }

    void run()
    {
        std::vector<pending> waiting;
        alignas(fanotify_event_metadata) char buffer[4096];
        while (!quit_ || !waiting.empty()) {
            pollfd p{fan_, POLLIN, 0};
            ::poll(&p, 1, 10);
            ssize_t n = ::read(fan_, buffer, sizeof buffer);
            for (auto* m = reinterpret_cast<fanotify_event_metadata*>(buffer); n > 0 && FAN_EVENT_OK(m, n);
                 m = FAN_EVENT_NEXT(m, n)) {
                if (m->fd < 0)
                    continue;
                if (m->pid != reader_ || open_) {
                    answer(m->fd);
                    continue;
                }
                ++held_;
                waiting.push_back({m->fd, clock_type::now()});
            }
            const auto now = clock_type::now();
            std::erase_if(waiting, [&](const pending& w) {
                if (!open_ && !quit_ && now - w.since < hold_)
                    return false;
                answer(w.fd);
                return true;
            });
        }
    }

    int fan_;
    pid_t reader_;
    clock_type::duration hold_;
    std::atomic<bool> open_{false}, quit_{false};
    std::atomic<int> held_{0};
    std::thread thread_;
};

constexpr std::size_t big_size = 4 * 1024 * 1024;  // 64 reads of 64 KiB

std::string big_content()
{
    std::string s(big_size, '\0');
    for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    return s;
}

struct timed_pages {
    std::vector<double> ms;   ///< each answered small page's time
    bool all_good = true;     ///< every one was a whole, successful answer
};

/// Fetches the small page until `count` are answered or `budget` has passed.
template <class Fetch>
timed_pages time_small_pages(Fetch fetch, int count, clock_type::duration budget)
{
    timed_pages out;
    const auto end = clock_type::now() + budget;
    while (static_cast<int>(out.ms.size()) < count && clock_type::now() < end) {
        const auto start = clock_type::now();
        const bool ok = fetch();
        out.all_good = out.all_good && ok;
        out.ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    }
    return out;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 1e9 : v[v.size() / 2];
}

/// A hand-written gemtext page under the 1 MiB bound of its Gopher menu: 40 lines per 1 KiB.
std::string long_gemtext()
{
    std::string s = "# A long page\n";
    for (int i = 0; s.size() < 900 * 1024; ++i)
        s += "Line " + std::to_string(i) + " of a page written by hand.\n";
    return s + "The end.\n";
}

/// gopher_gmi: the Gopher menu of a hand-written .gmi, made from the whole file on a miss.
enum class protocol { gemini, gopher, gopher_gmi };

void slow_file_does_not_stall_small_pages(protocol proto)
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"Slow\"\n", std::string{loopback_gopher} +
                                                         "host = \"localhost\"\n[server]\nthreads = 1\n[log]\naccess = true\n"));
    write_text(dir.path() / "capsule" / "small.gmi", "# Small\nA small page.\n");
    const bool gmi = proto == protocol::gopher_gmi;
    const std::string big = gmi ? long_gemtext() : big_content();
    const std::string big_name = gmi ? "big.gmi" : "big.bin";
    write_text(dir.path() / "capsule" / big_name, big);
    running_server server(dir.path());

    std::string why;
    auto gate = read_gate::on(dir.path() / "capsule" / big_name, server.pid(), 2s, why);
    if (!gate && ::geteuid() != 0) {
        MESSAGE("not run: fanotify permission events need CAP_SYS_ADMIN (" << why << ")");
        return;
    }
    REQUIRE_MESSAGE(gate, why);

    auto slow = std::async(std::launch::async, [&]() -> std::optional<std::string> {
        if (proto == protocol::gemini) {
            auto answer = gemini_fetch(server.gemini_port(), "gemini://localhost/big.bin", "localhost", false, 60s);
            if (!answer || !answer->header.starts_with("20 "))
                return std::nullopt;
            return answer->body;
        }
        return gopher_fetch(server.gopher_port(), "/" + big_name + "\r\n", 60s);
    });
    // The server is in its first read of the file, held by the gate.
    const auto wait_end = clock_type::now() + 10s;
    while (gate->held() == 0 && clock_type::now() < wait_end)
        std::this_thread::sleep_for(5ms);
    REQUIRE(gate->held() >= 1);

    const timed_pages pages = time_small_pages(
        [&] {
            if (proto == protocol::gemini) {
                const auto answer = gemini_fetch(server.gemini_port(), "gemini://localhost/small.gmi");
                return answer && answer->header.starts_with("20 ") && answer->body.find("A small page.") != std::string::npos;
            }
            const auto menu = gopher_fetch(server.gopher_port(), "/small.gmi\r\n");
            return menu && menu->find("A small page.") != std::string::npos;
        },
        9, 6s);
    const int held_during = gate->held();
    gate->open();
    const auto body = slow.get();

    INFO("small pages answered: " << pages.ms.size() << ", median " << median(pages.ms) << " ms");
    CHECK(pages.all_good);
    CHECK(pages.ms.size() == 9);
    // Loose: a loop stalled by the read answers nothing for the gate's 2 s a read.
    CHECK(median(pages.ms) < 250.0);
    // The big file was still being read (held) all along, and arrives whole afterwards.
    CHECK(held_during == 1);
    REQUIRE(body);
    if (gmi) {
        // The whole file made into a menu: its first and last lines as info items, then ".".
        CHECK(body->find("iLine 0 of a page written by hand.\t") != std::string::npos);
        CHECK(body->find("iThe end.\t") != std::string::npos);
        CHECK(body->ends_with("\r\n.\r\n"));
        return;
    }
    CHECK(body->size() == big.size());
    CHECK(*body == big);
}

} // namespace

TEST_CASE("a Gemini static file whose reads hang does not stall a small page on the one loop thread")
{
    slow_file_does_not_stall_small_pages(protocol::gemini);
}

TEST_CASE("a Gopher static file whose reads hang does not stall a small menu on the one loop thread")
{
    slow_file_does_not_stall_small_pages(protocol::gopher);
}

TEST_CASE("a hand-written .gmi whose reads hang, asked for over Gopher, does not stall a small menu")
{
    // Its menu is made from the whole file: on a thread of the off-loop pool, not the loop.
    slow_file_does_not_stall_small_pages(protocol::gopher_gmi);
}

namespace {

/// `smolpub serve` with stdout on a pipe of one page that this test reads only when it
/// wants to: a log reader that stalls, as a blocked journald or a paused terminal does.
class stalled_stdout_server {
public:
    explicit stalled_stdout_server(const fs::path& dir)
    {
        int fds[2];
        REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        ::fcntl(fds[0], F_SETPIPE_SZ, 4096);
        const std::string config = (dir / "smolpub.toml").string(), err = (dir / "server.err").string();
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            ::dup2(fds[1], STDOUT_FILENO);
            ::dup2(e, STDERR_FILENO);
            ::execl(SMOLPUB_BINARY, SMOLPUB_BINARY, "serve", "--config", config.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(fds[1]);
        out_ = fds[0];
        // Read up to the line that says it serves, and no further.
        const auto end = clock_type::now() + 20s;
        while (text_.find("reloads)\n") == std::string::npos && clock_type::now() < end)
            read_some(100ms);
        const auto at = text_.find("gopher listening on 127.0.0.1:");
        REQUIRE(at != std::string::npos);
        gopher_port_ = static_cast<unsigned>(std::stoul(text_.substr(at + 30)));
    }
    ~stalled_stdout_server()
    {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        ::close(out_);
    }
    unsigned gopher_port() const { return gopher_port_; }

    /// Stops the server (SIGTERM) and reads its stdout to the end.
    std::string stop_and_read()
    {
        ::kill(pid_, SIGTERM);
        const auto end = clock_type::now() + 20s;
        while (read_some(100ms) && clock_type::now() < end) {
        }
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return text_;
    }

private:
    /// False at the end of the stream.
    bool read_some(std::chrono::milliseconds wait)
    {
        pollfd p{out_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0)
            return true;
        char buf[4096];
        const ssize_t n = ::read(out_, buf, sizeof buf);
        if (n <= 0)
            return false;
        text_.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    std::string text_;
    unsigned gopher_port_ = 0;
};

} // namespace

TEST_CASE("a stalled reader of the access log does not stall requests, and a stop loses no log line")
{
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"Log\"\n", std::string{loopback_gopher} +
                                                        "host = \"localhost\"\n[server]\nthreads = 1\n[log]\naccess = true\n"));
    write_text(dir.path() / "capsule" / "small.gmi", "# Small\nA small page.\n");
    stalled_stdout_server server{dir.path()};

    // 300 log lines of about 70 bytes: five times what the pipe holds. A server writing its
    // log on the loop would block at the pipe's 4 KiB and answer nothing more.
    constexpr int requests = 300;
    std::vector<double> ms;
    int answered = 0;
    for (int i = 0; i < requests; ++i) {
        const auto start = clock_type::now();
        const auto menu = gopher_fetch(server.gopher_port(), "/small.gmi\r\n", 3s);
        ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
        if (menu && menu->find("A small page.") != std::string::npos)
            ++answered;
        else
            break;
    }
    INFO("answered " << answered << ", median " << median(ms) << " ms, slowest " << *std::max_element(ms.begin(), ms.end()) << " ms");
    CHECK(answered == requests);
    CHECK(median(ms) < 50.0);

    // Every line queued meanwhile is written once the reader reads again, by the stop at the latest.
    const std::string out = server.stop_and_read();
    CHECK(count_of(out, " gopher localhost /small.gmi 0 ") == static_cast<std::size_t>(answered));
    CHECK(out.find("smolpub: stopped") != std::string::npos);
}

TEST_CASE("a stop does not wait for ever for a static file read that hangs")
{
    // Needs CAP_SYS_ADMIN (fanotify permission events), as CI has: fails loudly without it.
    scratch_dir dir;
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"Hung\"\n", std::string{loopback_gopher} +
                                                         "host = \"localhost\"\n[server]\nthreads = 1\n"));
    write_text(dir.path() / "capsule" / "big.bin", big_content());
    running_server server(dir.path());

    std::string why;
    // Every read of the file is held for a minute: longer than any stop may take.
    auto gate = read_gate::on(dir.path() / "capsule" / "big.bin", server.pid(), 60s, why);
    REQUIRE_MESSAGE(gate, "this test needs CAP_SYS_ADMIN for fanotify permission events: " << why);
    auto slow = std::async(std::launch::async, [&] { return gopher_fetch(server.gopher_port(), "/big.bin\r\n", 40s); });
    const auto wait_end = clock_type::now() + 10s;
    while (gate->held() == 0 && clock_type::now() < wait_end)
        std::this_thread::sleep_for(5ms);
    REQUIRE(gate->held() >= 1);

    // The grace for connections (10 s) and for reads under way (2 s), then the process exits.
    const auto asked = clock_type::now();
    const auto code = server.signal(SIGTERM, true, 25s);
    const double took = std::chrono::duration<double>(clock_type::now() - asked).count();
    INFO("exit after " << took << " s; output: " << server.output());
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(took < 20.0);
    CHECK(server.output().find("file reads hung; not waited for") != std::string::npos);
    gate->open();
    slow.wait();
}
