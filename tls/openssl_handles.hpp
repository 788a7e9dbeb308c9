// SPDX-License-Identifier: ISC
#pragma once
// Owning handles for the OpenSSL objects tls/ uses, and OpenSSL's error queue as text.
// Internal to tls/: the public headers stay free of OpenSSL.
#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace smolpub::tls {

template <auto Free> struct c_deleter {
    void operator()(auto* p) const noexcept { Free(p); }
};
template <class T, auto Free> using c_ptr = std::unique_ptr<T, c_deleter<Free>>;

using bio_ptr = c_ptr<BIO, BIO_free_all>;
using bignum_ptr = c_ptr<BIGNUM, BN_free>;
using pkey_ptr = c_ptr<EVP_PKEY, EVP_PKEY_free>;
using x509_ptr = c_ptr<X509, X509_free>;
using x509_ext_ptr = c_ptr<X509_EXTENSION, X509_EXTENSION_free>;
using general_names_ptr = c_ptr<GENERAL_NAMES, GENERAL_NAMES_free>;
using general_name_ptr = c_ptr<GENERAL_NAME, GENERAL_NAME_free>;
using ssl_ctx_ptr = c_ptr<SSL_CTX, SSL_CTX_free>;

/// Drains OpenSSL's thread-local error queue into one line ("reason; reason").
/// Returns `fallback` when the queue is empty.
std::string openssl_errors(const char* fallback = "unknown OpenSSL error");

} // namespace smolpub::tls
