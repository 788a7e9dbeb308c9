// SPDX-License-Identifier: ISC
#pragma once
// TLS identities: one certificate + key per hostname, loaded from PEM files or
// generated self-signed on first start (ECDSA P-256, decades of validity).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace smolpub::tls {

/// A loaded identity. The OpenSSL objects are owned here and freed with it.
struct identity {
    std::string hostname;
    std::filesystem::path cert_file;
    std::filesystem::path key_file;
    std::string cert_sha256;    ///< hex, colon-separated, of the DER certificate
    std::string pubkey_sha256;  ///< hex, colon-separated, of the DER SubjectPublicKeyInfo
    std::string not_after;      ///< expiry, "YYYY-MM-DD"
    bool generated = false;     ///< true when made on this start
    std::shared_ptr<void> x509;  ///< X509*, type-erased so this header needs no OpenSSL
    std::shared_ptr<void> pkey;  ///< EVP_PKEY*
    /// X509*: the certificates after the first in the .crt (intermediates of a CA-issued
    /// certificate), sent after it in the handshake. Empty for a self-signed one.
    std::vector<std::shared_ptr<void>> chain;
    /// What the operator should fix but that does not stop serving (a key every user can read).
    std::vector<std::string> warnings;
};

/// Loads `<dir>/<hostname>.crt` (the certificate, then any intermediates) and
/// `<dir>/<hostname>.key`; when neither exists, generates
/// them (key mode 0600, never overwriting a file). One present without the other is an error.
tl::expected<identity, std::string> load_or_create(const std::filesystem::path& dir,
                                                   const std::string& hostname);

/// Loads an existing identity; never generates.
tl::expected<identity, std::string> load(const std::filesystem::path& dir, const std::string& hostname);

/// Loads a certificate chain and its key from the files the operator named (certbot's
/// fullchain.pem and privkey.pem for HTTPS); `hostname` only labels it. Never generates.
tl::expected<identity, std::string> load_files(const std::string& hostname, const std::filesystem::path& cert_file,
                                               const std::filesystem::path& key_file);

/// Generates a new identity, replacing existing files only when `replace` (an explicit renewal).
tl::expected<identity, std::string> create(const std::filesystem::path& dir, const std::string& hostname,
                                           bool replace = false);

} // namespace smolpub::tls
