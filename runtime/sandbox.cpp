// SPDX-License-Identifier: ISC
// Landlock through raw syscalls (<linux/landlock.h> + syscall()): no library to add, and
// a kernel without it answers ENOSYS/EOPNOTSUPP, after which we serve unsandboxed.
#include "runtime/sandbox.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace smolpub::runtime {
namespace {

// Rights newer than Debian 12's header; the kernel says which ABI it speaks.
constexpr std::uint64_t fs_truncate = 1ull << 14;   // ABI 3
constexpr std::uint64_t fs_ioctl_dev = 1ull << 15;  // ABI 5
constexpr std::uint64_t read_file = LANDLOCK_ACCESS_FS_READ_FILE;
constexpr std::uint64_t read_tree = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

/// Every filesystem right the kernel's ABI knows: each one we handle and do not grant is denied.
std::uint64_t handled_rights(long abi)
{
    std::uint64_t rights = (1ull << 13) - 1;  // ABI 1: EXECUTE .. MAKE_SYM
    if (abi >= 2)
        rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        rights |= fs_truncate;
    if (abi >= 5)
        rights |= fs_ioctl_dev;
    return rights;
}

class fd_guard {
public:
    explicit fd_guard(int fd) : fd_{fd} {}
    ~fd_guard() { if (fd_ >= 0) ::close(fd_); }
    fd_guard(const fd_guard&) = delete;
    fd_guard& operator=(const fd_guard&) = delete;
    int get() const { return fd_; }
private:
    int fd_;
};

std::string errno_text(const char* what) { return std::string{what} + ": " + std::strerror(errno); }

/// Lets the sandbox read `path` (a tree when a folder, else one file). A path that does not
/// exist is skipped: there is nothing there to read anyway.
std::string allow(int ruleset, const std::filesystem::path& path)
{
    const fd_guard target{::open(path.c_str(), O_PATH | O_CLOEXEC)};
    if (target.get() < 0)
        return errno == ENOENT ? std::string{} : errno_text(path.c_str());
    std::error_code ec;
    landlock_path_beneath_attr rule{};
    rule.allowed_access = std::filesystem::is_directory(path, ec) ? read_tree : read_file;
    rule.parent_fd = target.get();
    if (::syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0)
        return errno_text(path.c_str());
    return {};
}

} // namespace

std::string restrict_filesystem(const content::config& config)
{
    if (!config.sandbox)
        return "sandbox off (server.sandbox = false)";
    if (config.chroot)
        return "sandbox skipped: server.chroot already confines the filesystem";
    const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0)
        return errno == ENOSYS || errno == EOPNOTSUPP
                   ? "sandbox unavailable: this kernel has no Landlock (Linux >= 5.13 with it enabled); serving without"
                   : errno_text("sandbox unavailable: landlock_create_ruleset");

    landlock_ruleset_attr attr{};
    attr.handled_access_fs = handled_rights(abi);
    const fd_guard ruleset{static_cast<int>(::syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0))};
    if (ruleset.get() < 0)
        return errno_text("sandbox not applied: landlock_create_ruleset");

    std::vector<std::filesystem::path> readable;
    // The config's folder rather than the file: editors save by renaming a new file over
    // the old one, and a rule on the old file would not cover the new one.
    readable.push_back(std::filesystem::absolute(config.file).parent_path());
    for (const auto& site : config.sites) {
        readable.push_back(site.content_dir);
        readable.push_back(site.cert_dir);
    }
    // Its folder, not the file: `smolpub cert --ticket-keys --rotate` renames a new file over it.
    if (!config.ticket_keys.empty())
        readable.push_back(config.ticket_keys.parent_path());
    // log.key is read again on SIGHUP; its folder, for a key replaced by a rename.
    if (!config.log_key.empty())
        readable.push_back(config.log_key.parent_path());
    // The HTTPS certificate files, re-read on SIGHUP: their folders, and the folders their
    // symlinks lead to (certbot's live/NAME/*.pem point into archive/NAME/, where a renewal
    // writes the new files).
    for (const auto* file : {&config.http_certificate, &config.http_private_key}) {
        if (file->empty())
            continue;
        readable.push_back(file->parent_path());
        std::error_code ec;
        const auto target = std::filesystem::canonical(*file, ec);
        if (!ec && target.parent_path() != file->parent_path())
            readable.push_back(target.parent_path());
    }
    readable.emplace_back("/dev/urandom");  // std::random_device may read it (log address hashing)
    // A site that announces its feed after a reload looks up the aggregator's name: the
    // resolver reads these (glibc >= 2.34 has its files and dns modules built in).
    const bool announces = std::any_of(config.sites.begin(), config.sites.end(), [](const auto& site) {
        return site.announce_antenna || !site.announce_urls.empty();
    });
    if (announces)
        for (const char* resolver_file : {"/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/host.conf",
                                          "/etc/gai.conf"})
            readable.emplace_back(resolver_file);  // allow() skips those missing
#if defined(__SANITIZE_ADDRESS__)
    readable.emplace_back("/proc");  // the sanitizers read /proc/self/maps when they report
#endif
    for (const auto& path : readable)
        if (auto problem = allow(ruleset.get(), path); !problem.empty())
            return "sandbox not applied: " + problem;

    // Landlock needs no_new_privs when we lack CAP_SYS_ADMIN; we never exec anyway.
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return errno_text("sandbox not applied: prctl(PR_SET_NO_NEW_PRIVS)");
    if (::syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0)
        return errno_text("sandbox not applied: landlock_restrict_self");
    return "sandbox: filesystem read-only below the content, certificate, ticket-key, log-key and config folders (Landlock ABI " +
           std::to_string(abi) + ")";
}

} // namespace smolpub::runtime
