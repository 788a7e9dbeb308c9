// SPDX-License-Identifier: ISC
#include "net/access_log.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "text/percent.hpp"

namespace smolpub::net {

std::string escape_for_log(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    text::append_hex_escaped(
        out, text,
        [](unsigned char u) { return u < 0x20 || u == 0x7f || u >= 0x80 || u == '\\' || u == '"' || u == ' '; },
        "\\x", text::lower_hex);
    return out;
}

namespace {

std::atomic<unsigned> key_generation{0};  ///< bumped by set_address_key: day keys made again
std::mutex key_mutex;                     ///< guards master_key and key_set
bool key_set = false;
text::siphash_key master_key{};

text::siphash_key random_key()
{
    text::siphash_key k{};
    std::random_device device;
    for (std::size_t i = 0; i < k.size(); i += 4) {
        const unsigned v = device();
        for (std::size_t j = 0; j < 4; ++j)
            k[i + j] = static_cast<std::uint8_t>(v >> (8 * j));
    }
    return k;
}

/// A copy: a SIGHUP may set another key meanwhile (set_address_key, from the reload thread).
text::siphash_key the_master_key()
{
    std::lock_guard lock{key_mutex};
    if (!key_set) {
        master_key = random_key();
        key_set = true;
    }
    return master_key;
}

/// Today's key (UTC day number d): SipHash of "smolpub log day d" under the master key,
/// twice, for 128 bits. A key of one day says nothing of another's.
const text::siphash_key& day_key()
{
    struct cached {
        long long day = -1;
        unsigned generation = 0;
        text::siphash_key key{};
    };
    thread_local cached today;
    const long long day = static_cast<long long>(std::time(nullptr)) / 86400;
    const unsigned generation = key_generation.load();
    if (day != today.day || generation != today.generation) {
        const std::string label = "smolpub log day " + std::to_string(day);
        const text::siphash_key master = the_master_key();
        const std::uint64_t a = text::siphash24(master, label + " a");
        const std::uint64_t b = text::siphash24(master, label + " b");
        for (std::size_t i = 0; i < 8; ++i) {
            today.key[i] = static_cast<std::uint8_t>(a >> (8 * i));
            today.key[8 + i] = static_cast<std::uint8_t>(b >> (8 * i));
        }
        today.day = day;
        today.generation = generation;
    }
    return today.key;
}

} // namespace

void set_address_key(const text::siphash_key& key)
{
    std::lock_guard lock{key_mutex};
    master_key = key;
    key_set = true;
    key_generation.fetch_add(1);
}

std::optional<text::siphash_key> read_address_key(const std::filesystem::path& file, std::string& error)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        error = "cannot read log key " + file.string() + ": " + std::strerror(errno);
        return std::nullopt;
    }
    text::siphash_key key{};
    std::array<std::uint8_t, 17> buf{};
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(key.size())) {
        error = "log key " + file.string() + " must hold exactly 16 bytes";
        return std::nullopt;
    }
    std::copy_n(buf.begin(), key.size(), key.begin());
    return key;
}

std::optional<text::siphash_key> load_or_make_address_key(const std::filesystem::path& file, std::string& error)
{
    text::siphash_key key{};
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        key = random_key();
        fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            error = "cannot make log key " + file.string() + ": " + std::strerror(errno);
            return std::nullopt;
        }
        const bool whole = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
        ::close(fd);
        if (!whole) {
            error = "cannot write log key " + file.string();
            return std::nullopt;
        }
        return key;
    }
    if (fd >= 0)
        ::close(fd);
    return read_address_key(file, error);
}

std::string loggable_address(std::string_view address, content::address_logging mode)
{
    switch (mode) {
    case content::address_logging::full:
        return escape_for_log(address);
    case content::address_logging::omit:
        return "-";
    case content::address_logging::hash: {
        std::array<char, 17> buf{};
        std::snprintf(buf.data(), buf.size(), "%016llx",
                      static_cast<unsigned long long>(text::siphash24(day_key(), address)));
        return std::string{"h:"} + buf.data();
    }
    }
    return "-";
}

namespace {

/// The current UTC time as text, formatted at most once a second per thread: a busy
/// server logs thousands of lines a second, all with the same stamp.
std::string_view timestamp_now()
{
    struct cached {
        std::time_t second = -1;
        std::array<char, 32> text{};
    };
    thread_local cached stamp;
    const std::time_t now = std::time(nullptr);
    if (now != stamp.second) {
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::strftime(stamp.text.data(), stamp.text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
        stamp.second = now;
    }
    return stamp.text.data();
}

} // namespace

namespace {

/// The lines waiting for the writer thread. The loop only appends to `pending` under a short
/// lock; the writer swaps it out and does the write(2)s, so a slow reader of stdout (a pipe
/// to a busy journald, a terminal scrolled back) never stalls a request. When `pending`
/// holds max_pending_bytes, lines are dropped and counted, and the writer says how many.
class log_writer {
public:
    static constexpr std::size_t max_pending_bytes = 1024 * 1024;
    /// How long the writer waits for more lines after the first, and how many bytes end the
    /// wait early: a line is out at most this late, and a busy server writes in batches.
    static constexpr std::chrono::milliseconds gather_time{20};
    static constexpr std::size_t gather_bytes = 16 * 1024;

    ~log_writer() { flush(); }

    void add(std::string_view line)
    {
        std::unique_lock lock{mutex_};
        if (pending_.size() + line.size() > max_pending_bytes) {
            ++dropped_;
            return;
        }
        const bool was_empty = pending_.empty();
        pending_ += line;
        if (!thread_.joinable())
            thread_ = std::thread([this] { run(); });
        // While the writer gathers, it wakes by itself; waking it per line would cost a futex
        // call and a context switch per request.
        const bool wake = gathering_ ? pending_.size() >= gather_bytes && pending_.size() - line.size() < gather_bytes
                                     : was_empty;
        lock.unlock();
        if (wake)
            wake_.notify_one();
    }

    /// Waits until every line added so far is written, then ends the writer thread (a later
    /// add() starts another).
    void flush()
    {
        std::unique_lock lock{mutex_};
        if (!thread_.joinable())
            return;
        stopping_ = true;
        lock.unlock();
        wake_.notify_one();
        thread_.join();
        lock.lock();
        stopping_ = false;
    }

    std::uint64_t dropped() const
    {
        std::lock_guard lock{mutex_};
        return dropped_;
    }

private:
    void run()
    {
        std::string writing;
        std::uint64_t reported = 0;
        std::unique_lock lock{mutex_};
        while (true) {
            wake_.wait(lock, [this] { return !pending_.empty() || stopping_; });
            if (pending_.empty())
                return;  // stopping, and everything is written
            // The lines of the next few milliseconds go out with this one, in one write(2).
            gathering_ = true;
            wake_.wait_for(lock, gather_time, [this] { return stopping_ || pending_.size() >= gather_bytes; });
            gathering_ = false;
            writing.swap(pending_);
            const std::uint64_t dropped = dropped_;
            lock.unlock();
            write_lines(writing);
            writing.clear();
            if (dropped > reported) {
                std::cerr << "smolpub: access log: " << dropped - reported
                          << " lines dropped, its reader was too slow (" << dropped << " in all)\n"
                          << std::flush;
                reported = dropped;
            }
            lock.lock();
        }
    }

    /// Writes whole lines in pieces of at most PIPE_BUF bytes, which a pipe takes at once:
    /// a line never interleaves with what other threads print on stdout.
    static void write_lines(std::string_view text)
    {
        constexpr std::size_t piece = 4096;
        while (!text.empty()) {
            std::size_t n = text.size();
            if (n > piece) {
                const std::size_t end = text.rfind('\n', piece - 1);
                n = end == std::string_view::npos ? text.find('\n') + 1 : end + 1;
                if (n == 0)
                    n = text.size();
            }
            std::string_view part = text.substr(0, n);
            text.remove_prefix(n);
            while (!part.empty()) {
                const ssize_t w = ::write(STDOUT_FILENO, part.data(), part.size());
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    return;  // stdout is gone or broken: nothing to do but drop
                part.remove_prefix(static_cast<std::size_t>(w));
            }
        }
    }

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::string pending_;
    std::uint64_t dropped_ = 0;
    bool stopping_ = false;
    bool gathering_ = false;  ///< the writer waits gather_time for more lines
    std::thread thread_;
};

log_writer& the_writer()
{
    static log_writer writer;
    return writer;
}

} // namespace

void log_access(const access_entry& e, content::address_logging mode)
{
    const std::string_view when = timestamp_now();

    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(e.duration).count();
    std::string line;
    line.reserve(128 + e.path.size());
    line += when;
    line += ' ';
    line += loggable_address(e.client, mode);
    line += ' ';
    line += e.protocol;
    line += ' ';
    line += e.host.empty() ? std::string{"-"} : escape_for_log(e.host);
    line += ' ';
    line += e.path.empty() ? std::string{"/"} : escape_for_log(e.path);
    line += ' ';
    line += std::to_string(e.status);
    line += ' ';
    line += std::to_string(e.bytes);
    line += ' ';
    line += std::to_string(micros);
    line += "us\n";
    the_writer().add(line);
}

void flush_access_log() { the_writer().flush(); }

std::uint64_t access_log_dropped() { return the_writer().dropped(); }

} // namespace smolpub::net
