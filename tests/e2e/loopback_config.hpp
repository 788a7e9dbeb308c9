// SPDX-License-Identifier: ISC
#pragma once
// The smolpub.toml the end-to-end tests start from, written once.
#include <string>
#include <string_view>

namespace smolpub::e2e {

/// A [gopher] table listening on a loopback port the kernel picks.
inline constexpr std::string_view loopback_gopher = "[gopher]\nlisten = [\"127.0.0.1:0\"]\n";

/// A config for the capsule in `capsule/` with certificates in `certs/`, named localhost,
/// Gemini on a loopback port the kernel picks. `site_keys` (title, author) open [site];
/// `tables` follow [gemini]: more tables, [gopher] first when wanted.
inline std::string loopback_config(std::string_view site_keys, std::string_view tables = {})
{
    std::string out = "\n[site]\n";
    out += site_keys;
    out += "content = \"capsule\"\nhostnames = [\"localhost\"]\ncertificates = \"certs\"\n"
           "[gemini]\nlisten = [\"127.0.0.1:0\"]\n";
    out += tables;
    return out;
}

} // namespace smolpub::e2e
