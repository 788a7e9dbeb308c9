// SPDX-License-Identifier: ISC
#pragma once
// The session-ticket key file that replicas behind one load balancer share (server.ticket_keys):
// its text format, and reading and writing it as the secret it is.
//
// One key per line, newest first, as 160 hex digits: 16 bytes of key name, 32 of AES-256 key,
// 32 of HMAC-SHA256 key (80 bytes, the layout nginx and HAProxy use for their key files).
// Blank lines and lines starting with '#' are ignored. The first key encrypts new tickets;
// every key decrypts, so a new key can be rotated in without breaking tickets already issued.
#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace smolpub::tls {

/// One session-ticket key: the name a ticket carries to find its key, and the two secrets.
struct ticket_key {
    std::array<unsigned char, 16> name{};
    std::array<unsigned char, 32> aes{};
    std::array<unsigned char, 32> hmac{};
    bool operator==(const ticket_key&) const = default;
};

/// How many keys `smolpub cert --ticket-keys FILE --rotate` keeps unless told otherwise.
inline constexpr std::size_t default_ticket_keys_kept = 3;

/// Parses a key file's text; `file` names it in messages (`file:line:col: message`). Fails on
/// anything but hex digits, an odd number of them, a key of the wrong length, two keys with the
/// same name, and a file without keys.
tl::expected<std::vector<ticket_key>, std::string> parse_ticket_keys(std::string_view text, std::string_view file);

/// The file text for `keys` (newest first), with a comment saying what it is.
std::string format_ticket_keys(const std::vector<ticket_key>& keys);

/// A new key from OpenSSL's random generator; fails only when it has no randomness.
tl::expected<ticket_key, std::string> make_ticket_key();

/// `fresh` in front of `keys`, keeping the newest `keep` (at least one).
std::vector<ticket_key> rotate_ticket_keys(std::vector<ticket_key> keys, const ticket_key& fresh, std::size_t keep);

/// Reads and parses `file`. Refuses a file that is not a regular file, or whose mode lets
/// anyone but its owner read or write it (it must be 0600 or stricter).
tl::expected<std::vector<ticket_key>, std::string> read_ticket_key_file(const std::filesystem::path& file);

/// Writes `keys` to `file` atomically with mode 0600: a temporary file in the same folder,
/// flushed to disk, then renamed over `file`. Readers see the old file or the new one, never half.
tl::expected<void, std::string> write_ticket_key_file(const std::filesystem::path& file,
                                                      const std::vector<ticket_key>& keys);

} // namespace smolpub::tls
