// SPDX-License-Identifier: ISC
// tls::load_or_create / load / create against real files in a temporary directory.
// The certificate is inspected with OpenSSL directly, not through what identity reports.
#include <doctest/doctest.h>

#include <array>
#include <fstream>
#include <regex>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls/identity.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using smolpub::tls::test::mode_of;
using smolpub::tls::test::temp_dir;
namespace tls = smolpub::tls;

namespace {

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const fs::path& p, const std::string& text)
{
    std::ofstream(p, std::ios::binary) << text;
}

struct x509_deleter {
    void operator()(X509* x) const { X509_free(x); }
};
struct pkey_deleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<X509, x509_deleter> read_cert(const fs::path& p)
{
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(p.c_str(), "r"), std::fclose);
    REQUIRE(f);
    return std::unique_ptr<X509, x509_deleter>(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
}

std::unique_ptr<EVP_PKEY, pkey_deleter> read_key(const fs::path& p)
{
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(p.c_str(), "r"), std::fclose);
    REQUIRE(f);
    return std::unique_ptr<EVP_PKEY, pkey_deleter>(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
}

std::string sha256_hex(const unsigned char* data, std::size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    REQUIRE(EVP_Digest(data, len, md, &n, EVP_sha256(), nullptr) == 1);
    std::string out;
    char byte[4];
    for (unsigned i = 0; i < n; ++i) {
        std::snprintf(byte, sizeof byte, i ? ":%02X" : "%02X", md[i]);
        out += byte;
    }
    return out;
}

std::vector<std::string> dns_names(X509* cert, int type)
{
    std::vector<std::string> names;
    auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    REQUIRE(sans != nullptr);
    for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
        const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
        if (gn->type != type)
            continue;
        const ASN1_STRING* s = type == GEN_DNS ? gn->d.dNSName : gn->d.iPAddress;
        names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                           static_cast<std::size_t>(ASN1_STRING_length(s)));
    }
    GENERAL_NAMES_free(sans);
    return names;
}

const std::regex sha256_pattern("^([0-9A-F]{2}:){31}[0-9A-F]{2}$");

/// Identities made for a.example and b.example in one directory.
struct two_hosts {
    temp_dir tmp;
    tl::expected<tls::identity, std::string> a = tls::load_or_create(tmp.path(), "a.example");
    tl::expected<tls::identity, std::string> b = tls::load_or_create(tmp.path(), "b.example");
    two_hosts()
    {
        REQUIRE(a);
        REQUIRE(b);
    }
};

} // namespace

TEST_CASE("load_or_create generates a self-signed P-256 identity when no files exist")
{
    temp_dir tmp;
    const fs::path dir = tmp.path() / "certs";  // missing: must be created, private
    auto id = tls::load_or_create(dir, "a.example");
    REQUIRE_MESSAGE(id, (id ? "" : id.error()));

    CHECK(id->generated);
    CHECK(id->hostname == "a.example");
    CHECK(id->cert_file == dir / "a.example.crt");
    CHECK(id->key_file == dir / "a.example.key");
    REQUIRE(fs::exists(id->cert_file));
    REQUIRE(fs::exists(id->key_file));
    CHECK(mode_of(dir) == 0700);
    CHECK(mode_of(id->key_file) == 0600);

    auto cert = read_cert(id->cert_file);
    auto key = read_key(id->key_file);
    REQUIRE(cert);
    REQUIRE(key);

    SUBCASE("the certificate names the host and signs itself")
    {
        char cn[256] = {};
        REQUIRE(X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn, sizeof cn) > 0);
        CHECK(std::string(cn) == "a.example");
        CHECK(dns_names(cert.get(), GEN_DNS) == std::vector<std::string>{"a.example"});
        CHECK(X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(cert.get())) == 0);
        CHECK(X509_verify(cert.get(), X509_get0_pubkey(cert.get())) == 1);
        CHECK(X509_get_version(cert.get()) == X509_VERSION_3);
        CHECK(X509_check_ca(cert.get()) == 0);
        CHECK(X509_check_private_key(cert.get(), key.get()) == 1);
    }

    SUBCASE("the key is EC P-256")
    {
        CHECK(EVP_PKEY_is_a(key.get(), "EC"));
        char group[64] = {};
        std::size_t len = 0;
        REQUIRE(EVP_PKEY_get_group_name(key.get(), group, sizeof group, &len) == 1);
        CHECK(std::string(group) == "prime256v1");
    }

    SUBCASE("the serial is a positive random 128-bit number")
    {
        BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr);
        REQUIRE(serial != nullptr);
        CHECK_FALSE(BN_is_negative(serial));
        CHECK(BN_num_bits(serial) > 64);
        CHECK(BN_num_bits(serial) <= 128);
        BN_free(serial);
    }

    SUBCASE("validity starts before now and lasts decades")
    {
        CHECK(X509_cmp_current_time(X509_get0_notBefore(cert.get())) < 0);
        int days = 0, seconds = 0;
        REQUIRE(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()), X509_get0_notAfter(cert.get())) == 1);
        CHECK(days >= 50 * 365);
        // RFC 5280's "no well-defined expiration date", reported as the certificate says it.
        CHECK(id->not_after == "9999-12-31");
    }

    SUBCASE("fingerprints are SHA-256 of the DER certificate and of the SubjectPublicKeyInfo")
    {
        CHECK(std::regex_match(id->cert_sha256, sha256_pattern));
        CHECK(std::regex_match(id->pubkey_sha256, sha256_pattern));
        unsigned char* der = nullptr;
        int len = i2d_X509(cert.get(), &der);
        REQUIRE(len > 0);
        CHECK(id->cert_sha256 == sha256_hex(der, static_cast<std::size_t>(len)));
        OPENSSL_free(der);
        der = nullptr;
        len = i2d_PUBKEY(key.get(), &der);
        REQUIRE(len > 0);
        CHECK(id->pubkey_sha256 == sha256_hex(der, static_cast<std::size_t>(len)));
        OPENSSL_free(der);
    }
}

TEST_CASE("load_or_create loads an existing identity instead of regenerating it")
{
    temp_dir tmp;
    auto first = tls::load_or_create(tmp.path(), "a.example");
    REQUIRE(first);
    const std::string cert_pem = slurp(first->cert_file);
    const std::string key_pem = slurp(first->key_file);

    auto second = tls::load_or_create(tmp.path(), "a.example");
    REQUIRE_MESSAGE(second, (second ? "" : second.error()));
    CHECK_FALSE(second->generated);
    CHECK(second->cert_sha256 == first->cert_sha256);
    CHECK(second->pubkey_sha256 == first->pubkey_sha256);
    CHECK(second->not_after == first->not_after);
    CHECK(slurp(second->cert_file) == cert_pem);
    CHECK(slurp(second->key_file) == key_pem);

    auto loaded = tls::load(tmp.path(), "a.example");
    REQUIRE(loaded);
    CHECK(loaded->cert_sha256 == first->cert_sha256);
}

TEST_CASE_FIXTURE(two_hosts, "two hosts get two different keys")
{
    CHECK(a->pubkey_sha256 != b->pubkey_sha256);
    CHECK(a->cert_sha256 != b->cert_sha256);
}

TEST_CASE("an IP literal hostname gets an IP subjectAltName")
{
    temp_dir tmp;
    auto v4 = tls::load_or_create(tmp.path(), "127.0.0.1");
    REQUIRE_MESSAGE(v4, (v4 ? "" : v4.error()));
    auto cert = read_cert(v4->cert_file);
    CHECK(dns_names(cert.get(), GEN_DNS).empty());
    CHECK(dns_names(cert.get(), GEN_IPADD) == std::vector<std::string>{std::string("\x7f\x00\x00\x01", 4)});

    auto v6 = tls::load_or_create(tmp.path(), "::1");
    REQUIRE_MESSAGE(v6, (v6 ? "" : v6.error()));
    auto cert6 = read_cert(v6->cert_file);
    std::string loopback6(16, '\0');
    loopback6[15] = '\x01';
    CHECK(dns_names(cert6.get(), GEN_IPADD) == std::vector<std::string>{loopback6});
}

TEST_CASE("create never overwrites an existing file unless asked to replace")
{
    temp_dir tmp;
    const fs::path key = tmp.path() / "a.example.key";
    spit(key, "operator's key, keep me\n");

    auto made = tls::create(tmp.path(), "a.example");
    REQUIRE_FALSE(made);
    CHECK(made.error().find(key.string()) != std::string::npos);
    CHECK(slurp(key) == "operator's key, keep me\n");
    CHECK_FALSE(fs::exists(tmp.path() / "a.example.crt"));

    fs::remove(key);
    spit(tmp.path() / "a.example.crt", "operator's cert\n");
    made = tls::create(tmp.path(), "a.example");
    REQUIRE_FALSE(made);
    CHECK(slurp(tmp.path() / "a.example.crt") == "operator's cert\n");
    CHECK_FALSE(fs::exists(key));  // the half-made pair was taken back
}

TEST_CASE("create with replace renews the identity atomically")
{
    temp_dir tmp;
    auto old_id = tls::load_or_create(tmp.path(), "a.example");
    REQUIRE(old_id);
    auto renewed = tls::create(tmp.path(), "a.example", true);
    REQUIRE_MESSAGE(renewed, (renewed ? "" : renewed.error()));
    CHECK(renewed->pubkey_sha256 != old_id->pubkey_sha256);
    CHECK(mode_of(renewed->key_file) == 0600);

    auto reloaded = tls::load(tmp.path(), "a.example");
    REQUIRE_MESSAGE(reloaded, (reloaded ? "" : reloaded.error()));
    CHECK(reloaded->cert_sha256 == renewed->cert_sha256);

    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path()))
        ++entries;
    CHECK(entries == 2);  // no temporary files left behind
}

TEST_CASE("one file without the other is an error naming the missing file")
{
    temp_dir tmp;
    auto id = tls::load_or_create(tmp.path(), "a.example");
    REQUIRE(id);
    const std::string key_pem = slurp(id->key_file);

    SUBCASE("certificate missing")
    {
        fs::remove(id->cert_file);
        auto again = tls::load_or_create(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        CHECK(again.error().find(id->cert_file.string() + " is missing") != std::string::npos);
        CHECK(slurp(id->key_file) == key_pem);
        CHECK_FALSE(fs::exists(id->cert_file));
    }
    SUBCASE("key missing")
    {
        fs::remove(id->key_file);
        auto again = tls::load_or_create(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        CHECK(again.error().find(id->key_file.string() + " is missing") != std::string::npos);
        CHECK_FALSE(fs::exists(id->key_file));
    }
}

TEST_CASE("load reports unreadable PEM by file name and OpenSSL's reason")
{
    temp_dir tmp;
    auto id = tls::load_or_create(tmp.path(), "a.example");
    REQUIRE(id);

    SUBCASE("corrupt certificate")
    {
        spit(id->cert_file, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        auto again = tls::load_or_create(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        const std::string prefix = id->cert_file.string() + ": not a PEM certificate: ";
        CHECK(again.error().rfind(prefix, 0) == 0);
        CHECK(again.error().size() > prefix.size());  // followed by OpenSSL's reason
    }
    SUBCASE("not PEM at all")
    {
        spit(id->key_file, "garbage\n");
        auto again = tls::load(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        CHECK(again.error().rfind(id->key_file.string() + ": ", 0) == 0);
        CHECK(again.error().find("no PEM block") != std::string::npos);
    }
    SUBCASE("corrupt key")
    {
        spit(id->key_file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        auto again = tls::load(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        CHECK(again.error().rfind(id->key_file.string() + ": not a PEM private key: ", 0) == 0);
    }
    SUBCASE("encrypted key")
    {
        spit(id->key_file, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        auto again = tls::load(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        CHECK(again.error().find("encrypted") != std::string::npos);
    }
    SUBCASE("corrupt second certificate (an intermediate)")
    {
        spit(id->cert_file, slurp(id->cert_file) +
                                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        auto again = tls::load(tmp.path(), "a.example");
        REQUIRE_FALSE(again);
        CHECK(again.error().rfind(id->cert_file.string() + ": certificate 2 in the file is unreadable: ", 0) == 0);
    }
    SUBCASE("nothing there")
    {
        auto none = tls::load(tmp.path(), "b.example");
        REQUIRE_FALSE(none);
        CHECK(none.error().find((tmp.path() / "b.example.crt").string()) != std::string::npos);
    }
}

TEST_CASE_FIXTURE(two_hosts, "load refuses a key that does not belong to the certificate")
{
    fs::copy_file(b->key_file, a->key_file, fs::copy_options::overwrite_existing);

    auto mixed = tls::load(tmp.path(), "a.example");
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error().find("does not match") != std::string::npos);
    CHECK(mixed.error().find(a->key_file.string()) != std::string::npos);
}

TEST_CASE("hostnames that are not host names are refused before touching the disk")
{
    temp_dir tmp;
    const fs::path inner = tmp.path() / "inner";
    for (const char* bad : {"", "../evil", "a/b", "a..b", ".hidden", "a b", "x*.example"}) {
        CAPTURE(bad);
        auto id = tls::load_or_create(inner, bad);
        CHECK_FALSE(id);
    }
    CHECK_FALSE(fs::exists(inner));
    CHECK_FALSE(fs::exists(tmp.path() / "evil.crt"));
}

TEST_CASE("a key every user can read loads, with a warning naming it and its mode, group read does not warn")
{
    temp_dir tmp;
    auto made = tls::load_or_create(tmp.path(), "a.example");
    REQUIRE(made);
    CHECK(made->warnings.empty());  // generated: 0600
    auto loaded = tls::load(tmp.path(), "a.example");
    REQUIRE(loaded);
    CHECK(loaded->warnings.empty());
    CHECK(loaded->chain.empty());  // self-signed: nothing after the certificate

    fs::permissions(made->key_file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    auto group = tls::load(tmp.path(), "a.example");  // 0640, as for Debian's ssl-cert group
    REQUIRE(group);
    CHECK(group->warnings.empty());

    fs::permissions(made->key_file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                        fs::perms::others_read);
    auto exposed = tls::load(tmp.path(), "a.example");
    REQUIRE(exposed);
    REQUIRE(exposed->warnings.size() == 1);
    CHECK(exposed->warnings[0] == made->key_file.string() + " can be read by every user (mode 0644); chmod 600 it");
}
