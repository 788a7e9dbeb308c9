// SPDX-License-Identifier: ISC
#include "runtime/watch.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include <sys/inotify.h>
#include <unistd.h>

#include "content/editor_files.hpp"
#include "net/io.hpp"

namespace smolpub::runtime {
using net::sleep_for;
using net::use_tuple;

namespace {

// What a writer's save looks like: in place (truncate, writes, close), or a new file
// renamed over the old (moved to), plus files and folders coming and going. IN_MODIFY
// marks a file as being written until its IN_CLOSE_WRITE.
constexpr std::uint32_t interesting = IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                      IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;

/// How long a quiet tree still waits for a file left open for writing (an editor that
/// pauses mid-save); past it the reload goes ahead, since a file may stay open for good.
constexpr std::chrono::seconds open_write_limit{3};

} // namespace

tl::expected<std::unique_ptr<tree_watcher>, std::string> tree_watcher::start(asio::io_context& io,
                                                                             std::chrono::milliseconds debounce,
                                                                             std::function<void()> changed)
{
    const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return tl::unexpected(std::string{"inotify: "} + std::strerror(errno));
    auto watcher = std::make_unique<tree_watcher>(io, fd, debounce, std::move(changed));
    asio::co_spawn(io, watcher->read_events(), asio::detached);
    return watcher;
}

tree_watcher::tree_watcher(asio::io_context& io, int fd, std::chrono::milliseconds debounce,
                           std::function<void()> changed)
    : inotify_{io, fd}, debounce_{debounce}, changed_{std::move(changed)}
{
}

void tree_watcher::add_one(const std::filesystem::path& dir)
{
    if (folders_.size() >= max_watches) {
        if (!warned_full_)
            std::cerr << "smolpub: watch: more than " << max_watches << " folders; changes below " << dir.string()
                      << " and others go unnoticed\n";
        warned_full_ = true;
        return;
    }
    const int wd = ::inotify_add_watch(inotify_.native_handle(), dir.c_str(), interesting | IN_ONLYDIR);
    if (wd >= 0)
        folders_[wd] = dir;
}

void tree_watcher::watch_tree(const std::filesystem::path& root)
{
    add_one(root);
    std::error_code ec;
    // Symlinked folders are not followed: the capsule loader does not serve outside the
    // content directory either. Nor are dot folders (.git): the loader skips them, and a
    // commit writes enough there to reload the site for nothing.
    for (std::filesystem::recursive_directory_iterator it{root, std::filesystem::directory_options::skip_permission_denied, ec}, end;
         !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec))
            continue;
        if (content::is_editor_scratch(it->path().filename().string())) {
            it.disable_recursion_pending();
            continue;
        }
        add_one(it->path());
    }
}

void tree_watcher::stop()
{
    stopped_ = true;
    std::error_code ignored;
    inotify_.close(ignored);
}

void tree_watcher::track_writer(int wd, std::string_view file, std::uint32_t mask)
{
    auto key = std::make_pair(wd, std::string{file});
    if (mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM))
        writing_.erase(key);
    else if (mask & IN_MODIFY)
        writing_.insert(std::move(key));
}

void tree_watcher::note_change()
{
    quiet_at_ = std::chrono::steady_clock::now() + debounce_;
    if (!settling_) {
        settling_ = true;
        asio::co_spawn(inotify_.get_executor(), settle(), asio::detached);
    }
}

asio::awaitable<void> tree_watcher::settle()
{
    for (;;) {
        // Every new event pushes quiet_at_ on; fire once nothing happened for a whole debounce.
        while (std::chrono::steady_clock::now() < quiet_at_)
            co_await sleep_for(quiet_at_ - std::chrono::steady_clock::now());
        // Quiet, but a file truncated or written and not yet closed may be half written.
        if (writing_.empty() || std::chrono::steady_clock::now() >= quiet_at_ + open_write_limit)
            break;
        co_await sleep_for(debounce_);
    }
    writing_.clear();
    settling_ = false;
    if (!stopped_)
        changed_();
}

void tree_watcher::handle_events(const char* data, std::size_t size)
{
    for (std::size_t at = 0; at + sizeof(inotify_event) <= size;) {
        inotify_event event;
        std::memcpy(&event, data + at, sizeof event);
        const char* name = data + at + sizeof(inotify_event);
        at += sizeof(inotify_event) + event.len;
        if (event.mask & IN_IGNORED) {
            folders_.erase(event.wd);  // the folder is gone
            continue;
        }
        const std::string_view file = event.len > 0 && at <= size ? std::string_view{name} : std::string_view{};
        // Editors' swap, backup and lock files come and go on every save and are never
        // published: they must not cost a reload. Events without a name (overflow, the
        // folder itself moved or deleted) always count.
        if (!file.empty() && content::is_editor_scratch(file))
            continue;
        if (!file.empty() && !(event.mask & IN_ISDIR))
            track_writer(event.wd, file, event.mask);
        // A new folder may already hold files by the time we watch it: walking it now
        // covers them, and the reload that follows picks up their content.
        if ((event.mask & IN_ISDIR) && (event.mask & (IN_CREATE | IN_MOVED_TO)) && event.len > 0 && at <= size)
            if (const auto parent = folders_.find(event.wd); parent != folders_.end())
                watch_tree(parent->second / name);
        note_change();  // IN_Q_OVERFLOW too: something changed, we do not know what
    }
}

asio::awaitable<void> tree_watcher::read_events()
{
    // The kernel hands out whole events only, so one read never ends mid-event.
    std::vector<char> buffer(16 * 1024);
    while (!stopped_) {
        auto [ec, n] = co_await inotify_.async_read_some(asio::buffer(buffer), use_tuple);
        if (ec)
            co_return;  // closed by stop(), or the descriptor broke: nothing more to watch
        handle_events(buffer.data(), n);
    }
}

} // namespace smolpub::runtime
