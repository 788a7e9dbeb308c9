// SPDX-License-Identifier: ISC
#pragma once
// `site.watch`: reload when the content changes, so a writer sees an edit without a SIGHUP.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <unordered_map>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <tl/expected.hpp>

namespace smolpub::runtime {

/// Watches directory trees with inotify (every subdirectory, including ones made later)
/// and calls `changed` once the trees have been quiet for `debounce`, so saving ten files
/// costs one reload. A file modified and not yet closed holds the reload back (up to 3 s of
/// quiet), so an in-place save is never read half written; editors' scratch files
/// (content/editor_files.hpp) are ignored. Lives on one io_context thread; not thread-safe.
class tree_watcher {
public:
    /// At most this many directories are watched; the rest are reported once and ignored.
    static constexpr std::size_t max_watches = 8192;

    static tl::expected<std::unique_ptr<tree_watcher>, std::string> start(asio::io_context& io,
                                                                          std::chrono::milliseconds debounce,
                                                                          std::function<void()> changed);
    tree_watcher(asio::io_context& io, int fd, std::chrono::milliseconds debounce, std::function<void()> changed);

    /// Adds `root` and everything below it (again after a reload: known folders are kept).
    void watch_tree(const std::filesystem::path& root);
    /// Stops watching; pending reloads are dropped.
    void stop();

private:
    asio::awaitable<void> read_events();
    void handle_events(const char* data, std::size_t size);
    asio::awaitable<void> settle();
    void add_one(const std::filesystem::path& dir);
    void note_change();
    /// Keeps `writing_` up to date with one event on `file` in folder `wd`.
    void track_writer(int wd, std::string_view file, std::uint32_t mask);

    asio::posix::stream_descriptor inotify_;
    std::chrono::milliseconds debounce_;
    std::function<void()> changed_;
    std::unordered_map<int, std::filesystem::path> folders_;  ///< watch descriptor -> folder
    /// Files modified and not yet closed (folder, name): a reload waits for them.
    std::set<std::pair<int, std::string>> writing_;
    std::chrono::steady_clock::time_point quiet_at_{};
    bool settling_ = false;
    bool stopped_ = false;
    bool warned_full_ = false;
};

} // namespace smolpub::runtime
