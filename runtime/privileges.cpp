// SPDX-License-Identifier: ISC
#include "runtime/privileges.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "content/file_stream.hpp"

namespace smolpub::runtime {

tl::expected<void, std::string> drop_privileges(const content::config& config)
{
    if (::geteuid() != 0)
        return {};
    if (config.user.empty()) {
        std::cerr << "smolpub: warning: running as root; set server.user to drop privileges\n";
        return {};
    }
    const passwd* pw = ::getpwnam(config.user.c_str());
    if (!pw)
        return tl::unexpected("server.user '" + config.user + "' does not exist");
    const uid_t uid = pw->pw_uid;
    const gid_t gid = pw->pw_gid;
    if (::initgroups(config.user.c_str(), gid) != 0)
        return tl::unexpected(std::string{"initgroups: "} + std::strerror(errno));
    if (config.chroot) {
        const auto& root = config.sites.front().content_dir;
        if (::chroot(root.c_str()) != 0 || ::chdir("/") != 0)
            return tl::unexpected("chroot " + root.string() + ": " + std::strerror(errno));
        // The static files were recorded by their full paths: from now on they are below "/".
        content::set_chroot_root(root);
    }
    if (::setgid(gid) != 0 || ::setuid(uid) != 0)
        return tl::unexpected(std::string{"cannot switch to user '"} + config.user + "': " + std::strerror(errno));
    // Make sure there is no way back.
    if (::setuid(0) == 0)
        return tl::unexpected(std::string{"privileges could be regained after dropping them; refusing to serve"});
    std::cout << "smolpub: running as " << config.user << (config.chroot ? " (chrooted)" : "") << '\n';
    return {};
}

} // namespace smolpub::runtime
