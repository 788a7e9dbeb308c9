// SPDX-License-Identifier: ISC
// Process wiring: one io_context per thread, each with its own acceptors on shared ports
// (SO_REUSEPORT), so sessions share nothing mutable and need no strands or locks. The only
// shared thing is the published state snapshot, swapped atomically on reload.
#include "cli/serve.hpp"

#include <atomic>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include <malloc.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/signal_set.hpp>

#include "cli/announcer.hpp"
#include "cli/common.hpp"
#include "content/config.hpp"
#include "net/address_cap.hpp"
#include "net/admission.hpp"
#include "gemini/session.hpp"
#include "gopher/session.hpp"
#include "http/session.hpp"
#include "net/listener.hpp"
#include "net/memory_return.hpp"
#include "net/off_loop.hpp"
#include "runtime/privileges.hpp"
#include "runtime/reloader.hpp"
#include "net/rate_limit.hpp"
#include "net/access_log.hpp"
#include "runtime/sandbox.hpp"
#include "net/waiting_room.hpp"
#include "runtime/status.hpp"
#include "runtime/status_file.hpp"
#include "runtime/watch.hpp"

namespace smolpub::cli {
using net::accept_loop;
using net::address_admission;
using net::address_counter;
using net::admit_address;
using net::admit_connection;
using net::claim_port;
using net::connection_context;
using net::connection_counter;
using net::connection_slot;
using net::drain;
using net::open_acceptor;
using net::parse_listen_address;
using net::rate_limiter;
using net::return_memory_after_bursts;
using net::slab_pool;
using net::sleep_for;
using net::tcp;
using net::waiting_guest;
using net::waiting_room;
using runtime::build_report;
using runtime::build_state;
using runtime::describe_state;
using runtime::drop_privileges;
using runtime::restrict_filesystem;
using runtime::runtime_state;
using runtime::status_file;
using runtime::tree_watcher;
using gemini::serve_gemini;
using gopher::serve_gopher;
using http::serve_http;
using http::serve_https;

namespace {

using state_ptr = std::shared_ptr<const runtime_state>;

void print_report(const build_report& report)
{
    for (const auto& note : report.notes)
        std::cout << "smolpub: " << note << '\n';
    for (const auto& problem : report.problems)
        std::cerr << problem << '\n';
    std::cout.flush();
}

/// Logs what escaped a session instead of dropping it silently (what `detached` would do).
void log_session_exception(std::exception_ptr e)
{
    if (!e)
        return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        std::cerr << "smolpub: session error: " << ex.what() << '\n';
    }
}

enum class protocol { gemini, gopher, http, https };

const char* name_of(protocol p)
{
    return p == protocol::gemini ? "gemini" : p == protocol::gopher ? "gopher" : p == protocol::http ? "http" : "https";
}

/// The tables admission consults, shared by every thread (each fixed-size and lock-free).
struct admission_tables {
    rate_limiter requests;         ///< limits.rate
    address_counter connections;   ///< limits.max_connections_per_address
    rate_limiter cap_notices;      ///< one log line and one 41 a minute per crowded address
};

/// A connection's life once it has spoken (or, for a Gopher client over its address's cap,
/// at once): admission (PROXY header, rate; behind a proxy, connections per address), then
/// its protocol. The guest's address slot is held in this frame for the whole session.
asio::awaitable<void> admit_and_serve(protocol proto, waiting_guest guest, connection_context context,
                                      admission_tables& tables)
{
    const bool admitted = co_await admit_connection(guest.socket, context, context.state->config, tables.requests);
    if (!admitted)
        co_return;
    if (context.state->config.proxy_protocol) {
        // Behind a proxy the client is the header's address, known only now.
        address_admission per_address = admit_address(context.address, context.state->config, tables.connections,
                                                      tables.cap_notices);
        if (!per_address.slot && proto != protocol::gopher && !per_address.explain)
            co_return;  // closed unanswered: no handshake (or page) for a flood's every reconnection
        guest.per_address = std::move(per_address.slot);
        guest.over_address_cap = !guest.per_address;
    }
    context.over_address_cap = guest.over_address_cap;
    if (proto == protocol::http || proto == protocol::https) {
        context.requests = &tables.requests;  // asked again for each request a kept connection makes
        if (proto == protocol::https)
            co_await serve_https(std::move(guest.socket), std::move(context), std::move(guest.slot));
        else
            co_await serve_http(std::move(guest.socket), std::move(context), std::move(guest.slot));
        co_return;
    }
    if (proto == protocol::gemini) {
        co_await serve_gemini(std::move(guest.socket), std::move(context), std::move(guest.slot));
        co_return;
    }
    co_await serve_gopher(std::move(guest.socket), std::move(context), std::move(guest.slot));
}

struct listener_spec {
    protocol proto;
    tcp::endpoint at;
};

class server_process {
public:
    server_process(std::filesystem::path config_path, state_ptr initial, unsigned threads, status_file status)
        : config_path_{std::move(config_path)}, state_{std::move(initial)}, status_{std::move(status)}
    {
        for (unsigned i = 0; i < threads; ++i)
            contexts_.push_back(std::make_unique<asio::io_context>(1));
    }

    /// Binds every configured address on every thread's context. The first bind of a
    /// ":0" address picks the port the other threads then share.
    bool bind(const content::config& config)
    {
        std::vector<listener_spec> specs;
        auto add = [&](protocol p, const std::vector<std::string>& addresses) {
            for (const auto& text : addresses) {
                auto at = parse_listen_address(text);
                if (!at) {
                    std::cerr << config.file.string() << ": " << at.error() << '\n';
                    return false;
                }
                specs.push_back({p, *at});
            }
            return true;
        };
        if (!add(protocol::gemini, config.gemini_listen) || !add(protocol::gopher, config.gopher_listen) ||
            !add(protocol::http, config.http_listen) || !add(protocol::https, config.http_tls_listen))
            return false;
        const bool share_port = contexts_.size() > 1;
        for (auto& spec : specs) {
            const unsigned configured_port = spec.at.port();
            if (share_port && spec.at.port() != 0) {
                if (auto free = claim_port(spec.at); !free) {
                    std::cerr << "smolpub: " << free.error() << '\n';
                    return false;
                }
            }
            for (auto& io : contexts_) {
                auto acceptor = open_acceptor(*io, spec.at, share_port);
                if (!acceptor) {
                    std::cerr << "smolpub: " << acceptor.error() << '\n';
                    return false;
                }
                spec.at = acceptor->local_endpoint();
                acceptors_.push_back({spec.proto, io.get(), std::move(*acceptor)});
            }
            unsigned& first = spec.proto == protocol::gemini  ? bound_gemini_port_
                              : spec.proto == protocol::gopher ? bound_gopher_port_
                              : spec.proto == protocol::http   ? bound_http_port_
                                                               : bound_https_port_;
            if (first == 0) {
                (spec.proto == protocol::gemini   ? first_gemini_was_zero_
                 : spec.proto == protocol::gopher ? first_gopher_was_zero_
                 : spec.proto == protocol::http   ? first_http_was_zero_
                                                  : first_https_was_zero_) = configured_port == 0;
                first = spec.at.port();
            }
            listening_ += "smolpub: " + std::string{name_of(spec.proto)} +
                          " listening on " +
                          (spec.at.address().is_v6() ? "[" + spec.at.address().to_string() + "]"
                                                     : spec.at.address().to_string()) +
                          ':' + std::to_string(spec.at.port()) + '\n';
        }
        return true;
    }

    /// A port that came out 0 (from a ":0" listener) becomes the port the first listener of
    /// its protocol was bound to, so the site's own URLs and the port check name the real
    /// one. True when some port changed: the state built before bind() must be built again.
    bool apply_bound_ports(content::config& config) const
    {
        bool changed = false;
        for (auto& site : config.sites) {
            // The config reader leaves the default 1965 when the first listener says :0 (it
            // cannot know the port yet); a 0 is what it will leave once it passes :0 on.
            const bool gemini_unknown = site.gemini_port == 0 || (first_gemini_was_zero_ && site.gemini_port == 1965);
            if (gemini_unknown && bound_gemini_port_ != 0 && site.gemini_port != bound_gemini_port_) {
                site.gemini_port = bound_gemini_port_;
                changed = true;
            }
            const bool gopher_unknown = site.gopher_port == 0 || (first_gopher_was_zero_ && site.gopher_port == 70);
            if (gopher_unknown && bound_gopher_port_ != 0 && site.gopher_port != bound_gopher_port_) {
                site.gopher_port = bound_gopher_port_;
                changed = true;
            }
            // http.base_url made from a ":0" listener names no port yet: the bound one.
            if (config.http_base_url_from_port && first_http_was_zero_ && bound_http_port_ != 0 &&
                !site.hostnames.empty() && site.web_base_url == "http://" + site.hostnames.front() + "/") {
                site.web_base_url = "http://" + site.hostnames.front() + ":" + std::to_string(bound_http_port_) + "/";
                changed = true;
            }
            // The same for https://, made from a ":0" TLS listener when there is no plain one.
            if (config.http_base_url_from_port && config.http_listen.empty() && first_https_was_zero_ &&
                bound_https_port_ != 0 && !site.hostnames.empty() &&
                site.web_base_url == "https://" + site.hostnames.front() + "/") {
                site.web_base_url = "https://" + site.hostnames.front() + ":" + std::to_string(bound_https_port_) + "/";
                changed = true;
            }
        }
        return changed;
    }

    /// Rebuilds the first state with the bound ports (before run(): no session holds it).
    bool adopt_bound_ports(content::config& config)
    {
        if (!apply_bound_ports(config))
            return true;
        build_report report;
        state_ptr current = state_.load();
        auto next = build_state(config, report, current.get());
        if (!next) {
            std::cerr << "smolpub: cannot serve: " << next.error() << '\n';
            return false;
        }
        state_.store(std::move(*next));
        return true;
    }

    int run()
    {
        for (auto& a : acceptors_) {
            asio::io_context& io = *a.io;
            const protocol proto = a.proto;
            a.room = std::make_unique<waiting_room>([this, &io, proto](waiting_guest guest) {
                start_session(io, proto, std::move(guest));
            }, room_memory_.emplace_back());
            asio::co_spawn(io, accept_loop(a.acceptor, [this, &a](tcp::socket socket, tcp::endpoint peer) {
                accept_one(a, std::move(socket), peer);
            }), asio::detached);
            asio::co_spawn(io, a.room->sweep(std::chrono::milliseconds{500}), asio::detached);
        }
        // After a burst of 64 connections or more has gone, within a second. On the
        // background thread: malloc_trim walks every arena and can take milliseconds.
        asio::co_spawn(background_, return_memory_after_bursts(connections_, std::chrono::seconds{1}, 64),
                       asio::detached);
        asio::co_spawn(background_, republish_drops(), asio::detached);
        asio::signal_set signals{*contexts_.front(), SIGHUP, SIGTERM, SIGINT};
        signals.add(SIGUSR1);  // the constructor takes at most three
        wait_for_signal(signals);
        // "listening" is said only now: whoever waits for it (a supervisor, the tests) may
        // send SIGHUP at once, and before the signal set exists SIGHUP would end the process.
        std::cout << listening_ << "smolpub: serving as pid " << ::getpid() << " (kill -HUP " << ::getpid()
                  << " reloads)\n";
        std::cout.flush();
        start_watching();
        publish_status();

        std::thread background{[this] { background_.run(); }};
        std::vector<std::thread> threads;
        for (std::size_t i = 1; i < contexts_.size(); ++i)
            threads.emplace_back([io = contexts_[i].get()] { io->run(); });
        contexts_.front()->run();
        for (auto& t : threads)
            t.join();
        background_.stop();
        background.join();
        reloader_.join();
        // File reads under way refer to sessions' frames, which the io_contexts destroy: wait
        // for them, but not for ever. A read that hangs (a dead NFS server, a stuck disk) would
        // keep a stop from ever ending; past the wait the process exits at once, without
        // destroying the frames such a read still refers to.
        const bool joined = net::join_off_loop_pool(std::chrono::seconds{2});
        net::flush_access_log();
        if (!joined) {
            std::cout << "smolpub: stopped (" << net::off_loop_under_way()
                      << " file reads hung; not waited for)\n" << std::flush;
            std::cerr << std::flush;
            ::_exit(0);
        }
        std::cout << "smolpub: stopped\n";
        return 0;
    }

private:
    struct bound_acceptor {
        protocol proto;
        asio::io_context* io;
        tcp::acceptor acceptor;
        std::unique_ptr<waiting_room> room = {};  ///< its connections that have not spoken yet
    };

    /// A connection just accepted: counted, checked against its address's cap (unless behind
    /// a proxy, where the address is in the header), then parked until it speaks.
    void accept_one(bound_acceptor& a, tcp::socket socket, const tcp::endpoint& peer)
    {
        const state_ptr state = state_.load();
        const content::limits& limits = state->config.limit;
        const auto deadline = std::chrono::steady_clock::now() +
                              (a.proto == protocol::gemini || a.proto == protocol::https ? limits.handshake_timeout
                                                                                          : limits.request_timeout);
        address_admission per_address;
        if (!state->config.proxy_protocol) {
            per_address = admit_address(peer.address(), state->config, tables_->connections, tables_->cap_notices);
            if (!per_address.slot && a.proto != protocol::gopher && !per_address.explain)
                return;  // closed unanswered, before it costs a byte more
        }
        const bool over_cap = !state->config.proxy_protocol && !per_address.slot;
        waiting_guest guest{std::move(socket), peer, connection_slot{connections_}, std::move(per_address.slot), over_cap,
                            deadline};
        if (over_cap && a.proto == protocol::gopher) {
            start_session(*a.io, a.proto, std::move(guest));  // the error line goes out at once
            return;
        }
        a.room->park(std::move(guest));
    }

    void start_session(asio::io_context& io, protocol proto, waiting_guest guest)
    {
        const asio::ip::address& peer = guest.peer.address();
        connection_context context{state_.load(), peer.to_string(), peer, std::nullopt, false};
        asio::co_spawn(io, admit_and_serve(proto, std::move(guest), std::move(context), *tables_),
                       log_session_exception);
    }

    /// site.watch: content changes trigger the same reload as SIGHUP. The watcher lives on
    /// the background thread: walking a tree to watch it (at start, after a reload, for a
    /// new folder) costs a system call per folder, which must not stall the serving loop.
    void start_watching()
    {
        const state_ptr state = state_.load();
        if (!state->config.watch)
            return;
        // reload() belongs to the first loop thread (it also answers SIGHUP there).
        auto watcher = tree_watcher::start(background_, std::chrono::milliseconds{200}, [this] {
            asio::post(*contexts_.front(), [this] { reload(); });
        });
        if (!watcher) {
            std::cerr << "smolpub: site.watch: " << watcher.error() << "; reload with SIGHUP instead\n";
            return;
        }
        watcher_ = std::move(*watcher);
        watch_content(*state);
    }

    void watch_content(const runtime_state& state)
    {
        if (!watcher_)
            return;
        for (const auto& site : state.config.sites)
            watcher_->watch_tree(site.content_dir);
    }

    void wait_for_signal(asio::signal_set& signals)
    {
        signals.async_wait([this, &signals](std::error_code ec, int signo) {
            if (ec)
                return;
            if (signo == SIGHUP) {
                reload();
                wait_for_signal(signals);
            } else if (signo == SIGUSR1) {
                std::cout << describe_state(*state_.load()) << std::flush;
                wait_for_signal(signals);
            } else {
                stop();
            }
        });
    }

    /// Builds the new state on the reload worker (runtime/reloader) and publishes it only when
    /// complete; a broken config or content keeps the old state serving.
    void reload() { reloader_.request(); }

    /// Hands each site whose feed the reload changed (a new article, an edited one) to the
    /// announcer, when the site announces (announce.antenna, announce.urls). A draft is in
    /// no feed, so it is never announced; a site new in this reload is not either, like a start.
    void announce_changed_feeds(const runtime::runtime_state& before, const runtime::runtime_state& after)
    {
        for (const auto& now : after.sites) {
            if (submit_urls(now.settings).empty() || now.settings.hostnames.empty())
                continue;
            const auto* then = before.find(now.settings.hostnames.front());
            if (!then)
                continue;
            const auto old_feed = then->site->route("/atom.xml");
            const auto new_feed = now.site->route("/atom.xml");
            const bool changed = !old_feed.doc || !new_feed.doc || old_feed.doc->body != new_feed.doc->body;
            if (changed && new_feed.doc)
                announcer_.feed_changed(now.settings);
        }
    }

    /// Rewrites server.status_file, if any, for `smolpub status`. From the reload thread and
    /// from the background thread (a new drop count), hence the lock.
    void publish_status()
    {
        const std::lock_guard lock{status_mutex_};
        published_drops_ = net::access_log_dropped();
        if (const auto written = status_.publish(*state_.load()); !written)
            std::cerr << "smolpub: " << written.error() << '\n';
    }

    /// On the background thread: the status again whenever the access log has dropped more
    /// lines since it was last written, so that `smolpub status` shows the count as it is.
    asio::awaitable<void> republish_drops()
    {
        while (true) {
            co_await sleep_for(std::chrono::seconds{2});
            if (net::access_log_dropped() != published_drops_.load())
                publish_status();
        }
    }

    void reload_once()
    {
        std::cout << "smolpub: reloading " << config_path_.string() << '\n';
        auto config = content::load_config(config_path_);
        if (!config) {
            for (const auto& d : config.error())
                std::cerr << d.text() << '\n';
            std::cerr << "smolpub: reload failed; still serving the previous configuration\n";
            std::cout.flush();
            return;
        }
        apply_bound_ports(*config);
        build_report report;
        state_ptr current = state_.load();
        auto next = build_state(*config, report, current.get());
        print_report(report);
        if (!next) {
            std::cerr << "smolpub: reload failed: " << next.error() << "; still serving the previous site\n";
        } else {
            announce_changed_feeds(*current, **next);
            state_.store(std::move(*next));
            publish_status();
            reload_log_key(*config);
            // This function's own hold on the snapshot before must go first, or the trim
            // below runs while it is alive and its whole heap is freed only afterwards,
            // untrimmed (measured: +60 MB of VmRSS after the first reload, bench/memory.py).
            current.reset();
            // The snapshot before is usually freed by the store (unless a session still
            // holds it): give its pages back to the system, or every reload leaves one more
            // site's worth of free heap in the resident set.
            ::malloc_trim(0);
            std::cout << "smolpub: reloaded\n";
            // New folders named by the new config get watched too.
            asio::post(background_, [this] { watch_content(*state_.load()); });
        }
        std::cout.flush();
    }

    /// log.key again on SIGHUP: a key rotated on disk (or one replaced after a leak) takes
    /// effect without a restart. A missing file is made as at start; an unreadable one (a
    /// chrooted server cannot see it) keeps the key in use and says so.
    static void reload_log_key(const content::config& config)
    {
        if (config.log_key.empty())
            return;
        std::string error;
        if (const auto key = net::load_or_make_address_key(config.log_key, error)) {
            net::set_address_key(*key);
            std::cout << "smolpub: log.key: read " << config.log_key.string() << '\n';
        } else {
            std::cerr << "smolpub: log.key: " << error << "; keeping the current key\n";
        }
    }

    /// Stops accepting at once, lets in-flight responses finish for a grace period, then exits.
    void stop()
    {
        std::cout << "smolpub: stopping\n" << std::flush;
        asio::post(background_, [this] {
            if (watcher_)
                watcher_->stop();
        });
        for (auto& a : acceptors_)
            asio::post(*a.io, [&acceptor = a.acceptor] {
                std::error_code ignored;
                acceptor.close(ignored);
            });
        asio::co_spawn(*contexts_.front(), drain(), asio::detached);
    }

    asio::awaitable<void> drain()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
        while (connections_.active.load() > 0 && std::chrono::steady_clock::now() < deadline)
            co_await sleep_for(std::chrono::milliseconds{20});
        for (auto& io : contexts_)
            io->stop();
    }

    std::filesystem::path config_path_;
    std::atomic<state_ptr> state_;
    std::string listening_;  ///< the "listening on" lines, said once signals are handled
    unsigned bound_gemini_port_ = 0, bound_gopher_port_ = 0, bound_http_port_ = 0, bound_https_port_ = 0;
    bool first_gemini_was_zero_ = false;  ///< the first listener's of each, once bound
    bool first_gopher_was_zero_ = false;
    bool first_http_was_zero_ = false;
    bool first_https_was_zero_ = false;
    status_file status_;  ///< written under status_mutex_ (publish_status)
    std::mutex status_mutex_;
    std::atomic<std::uint64_t> published_drops_{0};
    // Declared before contexts_ so it is destroyed after them: operations still pending in
    // an io_context give their memory back to it when the io_context destroys them.
    std::list<slab_pool> room_memory_;
    std::vector<std::unique_ptr<asio::io_context>> contexts_;
    /// What must not run on a serving loop: the watcher (its tree walks) and the memory
    /// return (malloc_trim). One thread of its own, started in run().
    asio::io_context background_{1};
    std::list<bound_acceptor> acceptors_;
    connection_counter connections_;
    std::unique_ptr<admission_tables> tables_ = std::make_unique<admission_tables>();  // 192 KiB: not on the stack
    runtime::reloader reloader_{[this] { reload_once(); }};
    announcer announcer_;
    // Declared after contexts_ so it is destroyed first, while its io_context still exists.
    std::unique_ptr<tree_watcher> watcher_;
};

} // namespace

int serve(const std::filesystem::path& config_path)
{
    // OpenSSL writes to the socket with write(2), which raises SIGPIPE when a client has reset
    // a half-closed connection, and the access log can be a pipe whose reader went away. A
    // failed write is an error value to handle, never a reason for the whole server to die.
    std::signal(SIGPIPE, SIG_IGN);
    if (report_missing_config(config_path))
        return 1;
    auto config = content::load_config(config_path);
    if (!config) {
        for (const auto& d : config.error())
            std::cerr << d.text() << '\n';
        return 1;  // as `check` says of the same file
    }
    // Every part of the config is known good before anything is written: building the state
    // makes missing certificates, and an address that bind() would refuse is a config error.
    for (const auto* addresses :
         {&config->gemini_listen, &config->gopher_listen, &config->http_listen, &config->http_tls_listen})
        for (const auto& address : *addresses)
            if (auto parsed = net::parse_listen_address(address); !parsed) {
                std::cerr << "smolpub: " << config_path.string() << ": "
                          << (addresses == &config->gemini_listen   ? "gemini.listen"
                              : addresses == &config->gopher_listen ? "gopher.listen"
                              : addresses == &config->http_listen   ? "http.listen"
                                                                    : "http.tls_listen")
                          << ": " << parsed.error()
                          << '\n';
                return 1;
            }
    build_report report;
    auto state = build_state(*config, report);
    print_report(report);
    if (!state) {
        std::cerr << "smolpub: cannot serve: " << state.error() << '\n';
        return 1;
    }
    if (!config->log_key.empty()) {
        std::string error;
        const auto key = net::load_or_make_address_key(config->log_key, error);
        if (!key) {
            std::cerr << "smolpub: " << error << '\n';
            return 1;
        }
        net::set_address_key(*key);
    }
    unsigned threads = config->threads ? config->threads : std::max(1u, std::thread::hardware_concurrency());
    // Opened now: after the privilege drop and under the sandbox it could not be.
    auto status = status_file::open(config->status_file);
    if (!status) {
        std::cerr << "smolpub: " << status.error() << '\n';
        return 1;
    }
    server_process process{config_path, std::move(*state), threads, std::move(*status)};
    if (!process.bind(*config))
        return 1;
    if (!process.adopt_bound_ports(*config))
        return 1;
    if (auto dropped = drop_privileges(*config); !dropped) {
        std::cerr << "smolpub: " << dropped.error() << '\n';
        return 1;
    }
    // Before run() starts any thread: Landlock binds the calling thread and its children.
    std::cout << "smolpub: " << restrict_filesystem(*config) << '\n' << std::flush;
    return process.run();
}

} // namespace smolpub::cli
