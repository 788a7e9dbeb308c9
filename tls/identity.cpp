// SPDX-License-Identifier: ISC
#include "tls/identity.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "tls/openssl_handles.hpp"
#include "text/percent.hpp"

namespace smolpub::tls {
namespace {

namespace fs = std::filesystem;
using result = tl::expected<identity, std::string>;

struct file_pair {
    fs::path cert;
    fs::path key;
};

file_pair files_for(const fs::path& dir, const std::string& hostname)
{
    return {dir / (hostname + ".crt"), dir / (hostname + ".key")};
}

/// The hostname becomes a file name and a certificate name, so it must not be able
/// to walk out of the directory ("../x") or smuggle separators into either.
tl::expected<void, std::string> check_hostname(const std::string& hostname)
{
    if (hostname.empty() || hostname.size() > 253)
        return tl::unexpected("hostname must be 1 to 253 characters, got \"" + hostname + "\"");
    for (std::size_t i = 0; i < hostname.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(hostname[i]);
        const bool wildcard_label = c == '*' && i == 0 && hostname.size() > 2 && hostname[1] == '.';
        if (!(std::isalnum(c) || c == '-' || c == '.' || c == ':' || c == '_' || wildcard_label))
            return tl::unexpected("hostname \"" + hostname + "\" contains a character not allowed in a host name");
    }
    if (hostname.front() == '.' || hostname.find("..") != std::string::npos)
        return tl::unexpected("hostname \"" + hostname + "\" has an empty label");
    return {};
}

bool is_ip_literal(const std::string& host)
{
    std::array<unsigned char, 16> buf{};
    return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 || inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}


tl::expected<std::string, std::string> read_small_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return tl::unexpected(path.string() + ": cannot open: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    // A PEM certificate chain is a few KiB; anything far larger is not what we expect here.
    if (text.str().size() > (1u << 20))
        return tl::unexpected(path.string() + ": larger than 1 MiB, not a PEM certificate or key");
    return text.str();
}

/// OpenSSL 3's decoders report a file without any PEM block only as "unsupported"; say what is wrong.
tl::expected<void, std::string> check_pem_shape(const fs::path& path, const std::string& text)
{
    if (text.find("-----BEGIN ") == std::string::npos)
        return tl::unexpected(path.string() + ": no PEM block (\"-----BEGIN ...\" line) found");
    if (text.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos ||
        text.find("Proc-Type: 4,ENCRYPTED") != std::string::npos)
        return tl::unexpected(path.string() + ": the key is encrypted; the server starts unattended and needs it unencrypted");
    return {};
}

/// Never prompt on the terminal for a passphrase: a server starting unattended must fail clearly instead.
int no_passphrase(char*, int, int, void*)
{
    return 0;
}

/// The certificates that follow the first one in a .crt, in order (a CA's intermediates).
/// A damaged certificate block is an error; other PEM blocks and loose text are skipped, as
/// OpenSSL's own chain loading does.
tl::expected<std::vector<std::shared_ptr<void>>, std::string> read_chain(const std::filesystem::path& file, BIO* rest)
{
    std::vector<std::shared_ptr<void>> chain;
    ERR_clear_error();
    while (X509* next = PEM_read_bio_X509(rest, nullptr, nullptr, nullptr))
        chain.emplace_back(next, [](void* p) { X509_free(static_cast<X509*>(p)); });
    const unsigned long end = ERR_peek_last_error();
    if (end != 0 && !(ERR_GET_LIB(end) == ERR_LIB_PEM && ERR_GET_REASON(end) == PEM_R_NO_START_LINE))
        return tl::unexpected(file.string() + ": certificate " + std::to_string(chain.size() + 2) +
                              " in the file is unreadable: " + openssl_errors());
    ERR_clear_error();  // running out of certificates is how the loop ends
    return chain;
}

/// A warning when every user may read the private key (copied with the wrong umask, say).
/// Group read is left alone: 0640 for a group such as Debian's ssl-cert is a deliberate setup.
/// Generated keys are always 0600.
std::optional<std::string> key_readable_by_others(const std::filesystem::path& key)
{
    struct stat st {};
    if (::stat(key.c_str(), &st) != 0 || (st.st_mode & S_IROTH) == 0)
        return std::nullopt;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return key.string() + " can be read by every user (mode " + mode + "); chmod 600 it";
}

/// Fills in the printable parts of an identity from its certificate.
tl::expected<identity, std::string> describe(const std::string& hostname, const file_pair& files, x509_ptr cert,
                                             pkey_ptr key, bool generated)
{
    identity id;
    id.hostname = hostname;
    id.cert_file = files.cert;
    id.key_file = files.key;
    id.generated = generated;

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (X509_digest(cert.get(), EVP_sha256(), md, &md_len) != 1)
        return tl::unexpected(files.cert.string() + ": cannot hash certificate: " + openssl_errors());
    id.cert_sha256 = text::hex_of({md, md_len}, text::upper_hex, ':');

    // The whole DER SubjectPublicKeyInfo, as for SPKI pinning (X509_pubkey_digest would hash only the key bits).
    unsigned char* spki = nullptr;
    const int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &spki);
    if (spki_len <= 0)
        return tl::unexpected(files.cert.string() + ": cannot encode public key: " + openssl_errors());
    const int ok = EVP_Digest(spki, static_cast<std::size_t>(spki_len), md, &md_len, EVP_sha256(), nullptr);
    OPENSSL_free(spki);
    if (ok != 1)
        return tl::unexpected(files.cert.string() + ": cannot hash public key: " + openssl_errors());
    id.pubkey_sha256 = text::hex_of({md, md_len}, text::upper_hex, ':');

    std::tm expiry{};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &expiry) != 1)
        return tl::unexpected(files.cert.string() + ": unreadable notAfter date: " + openssl_errors());
    char date[32];
    id.not_after.assign(date, std::strftime(date, sizeof date, "%Y-%m-%d", &expiry));

    id.x509 = std::shared_ptr<void>(cert.release(), [](void* p) { X509_free(static_cast<X509*>(p)); });
    id.pkey = std::shared_ptr<void>(key.release(), [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
    return id;
}

tl::expected<void, std::string> add_extension(X509* cert, X509V3_CTX& ctx, int nid, const char* value)
{
    x509_ext_ptr ext{X509V3_EXT_conf_nid(nullptr, &ctx, nid, value)};
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
        return tl::unexpected(std::string{"cannot add certificate extension "} + OBJ_nid2sn(nid) + ": " +
                              openssl_errors());
    return {};
}

/// subjectAltName is built by hand rather than from a "DNS:..." config string, so that no
/// hostname character can be read as config syntax.
tl::expected<void, std::string> add_subject_alt_name(X509* cert, const std::string& hostname)
{
    general_names_ptr names{GENERAL_NAMES_new()};
    general_name_ptr name{GENERAL_NAME_new()};
    if (!names || !name)
        return tl::unexpected(std::string{"out of memory building subjectAltName"});
    if (is_ip_literal(hostname)) {
        ASN1_OCTET_STRING* ip = a2i_IPADDRESS(hostname.c_str());
        if (ip == nullptr)
            return tl::unexpected("cannot encode IP address " + hostname + ": " + openssl_errors());
        GENERAL_NAME_set0_value(name.get(), GEN_IPADD, ip);
    } else {
        ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
        if (dns == nullptr || ASN1_STRING_set(dns, hostname.data(), static_cast<int>(hostname.size())) != 1) {
            ASN1_IA5STRING_free(dns);
            return tl::unexpected("cannot encode DNS name " + hostname + ": " + openssl_errors());
        }
        GENERAL_NAME_set0_value(name.get(), GEN_DNS, dns);
    }
    if (sk_GENERAL_NAME_push(names.get(), name.get()) == 0)
        return tl::unexpected(std::string{"out of memory building subjectAltName"});
    name.release();  // now owned by `names`
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return tl::unexpected("cannot add subjectAltName: " + openssl_errors());
    return {};
}

tl::expected<x509_ptr, std::string> make_self_signed(const std::string& hostname, EVP_PKEY* key)
{
    x509_ptr cert{X509_new()};
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1)
        return tl::unexpected("cannot create certificate: " + openssl_errors());

    // RFC 5280 4.1.2.2: a positive serial of at most 20 octets. 16 random bytes with the top
    // bit cleared (positive) and the next one set (always exactly 16 octets, never zero).
    std::array<unsigned char, 16> serial{};
    if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1)
        return tl::unexpected("no randomness for the serial number: " + openssl_errors());
    serial[0] = static_cast<unsigned char>((serial[0] & 0x7f) | 0x40);
    bignum_ptr serial_bn{BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr)};
    if (!serial_bn || BN_to_ASN1_INTEGER(serial_bn.get(), X509_get_serialNumber(cert.get())) == nullptr)
        return tl::unexpected("cannot set serial number: " + openssl_errors());

    // Gemini clients pin the certificate on first use (TOFU), so it must never need renewing.
    // RFC 5280 4.1.2.5: 99991231235959Z means "no well-defined expiration date".
    // notBefore is a day back so clients with a slightly wrong clock still accept it.
    if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 60 * 60) == nullptr ||
        ASN1_TIME_set_string_X509(X509_getm_notAfter(cert.get()), "99991231235959Z") != 1)
        return tl::unexpected("cannot set validity: " + openssl_errors());

    X509_NAME* subject = X509_get_subject_name(cert.get());
    if (X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(hostname.c_str()),
                                   -1, -1, 0) != 1)
        return tl::unexpected("cannot use \"" + hostname + "\" as the certificate's common name (at most 64 characters): " +
                              openssl_errors());
    if (X509_set_issuer_name(cert.get(), subject) != 1 || X509_set_pubkey(cert.get(), key) != 1)
        return tl::unexpected("cannot fill in certificate: " + openssl_errors());

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                              std::pair{NID_key_usage, "critical,digitalSignature"},
                              std::pair{NID_ext_key_usage, "serverAuth"},
                              std::pair{NID_subject_key_identifier, "hash"}}) {
        if (auto added = add_extension(cert.get(), ctx, nid, value); !added)
            return tl::unexpected(added.error());
    }
    if (auto added = add_subject_alt_name(cert.get(), hostname); !added)
        return tl::unexpected(added.error());

    if (X509_sign(cert.get(), key, EVP_sha256()) <= 0)
        return tl::unexpected("cannot sign certificate: " + openssl_errors());
    return cert;
}

template <class Write>
tl::expected<std::string, std::string> to_pem(Write write)
{
    bio_ptr bio{BIO_new(BIO_s_mem())};
    if (!bio || write(bio.get()) != 1)
        return tl::unexpected("cannot encode PEM: " + openssl_errors());
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

tl::expected<void, std::string> write_all(int fd, const std::string& text, const fs::path& path)
{
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return tl::unexpected(path.string() + ": write failed: " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return tl::unexpected(path.string() + ": fsync failed: " + std::strerror(errno));
    return {};
}

/// Creates `path` with `mode`; fails if it already exists (O_EXCL), so that an existing
/// key is never overwritten, not even by a second server starting at the same moment.
tl::expected<void, std::string> write_new_file(const fs::path& path, const std::string& text, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return tl::unexpected(path.string() + ": cannot create: " + std::strerror(errno));
    // The umask may have taken bits away; make the mode exactly what was asked for.
    auto written = ::fchmod(fd, mode) == 0
                       ? write_all(fd, text, path)
                       : tl::expected<void, std::string>(tl::unexpect, path.string() + ": chmod failed: " + std::strerror(errno));
    ::close(fd);
    if (!written)
        ::unlink(path.c_str());
    return written;
}

/// Writes `text` to a temporary file next to `path` (same file system), ready to be renamed over it.
tl::expected<fs::path, std::string> write_temp_file(const fs::path& path, const std::string& text, mode_t mode)
{
    std::string name = path.string() + ".new-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        return tl::unexpected(path.string() + ": cannot create a temporary file: " + std::strerror(errno));
    auto written = ::fchmod(fd, mode) == 0
                       ? write_all(fd, text, name)
                       : tl::expected<void, std::string>(tl::unexpect, name + ": chmod failed: " + std::strerror(errno));
    ::close(fd);
    if (!written) {
        ::unlink(name.c_str());
        return tl::unexpected(written.error());
    }
    return fs::path{name};
}

tl::expected<void, std::string> ensure_directory(const fs::path& dir)
{
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        return {};
    fs::create_directories(dir, ec);
    if (!ec)
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec)
        return tl::unexpected(dir.string() + ": cannot create directory: " + ec.message());
    return {};
}

tl::expected<void, std::string> write_pair(const file_pair& files, const std::string& cert_pem, const std::string& key_pem,
                                           bool replace)
{
    if (!replace) {
        // Key first: if the certificate then fails, the half-made pair is ours to remove.
        if (auto k = write_new_file(files.key, key_pem, 0600); !k)
            return k;
        if (auto c = write_new_file(files.cert, cert_pem, 0644); !c) {
            ::unlink(files.key.c_str());
            return c;
        }
        return {};
    }
    auto key_tmp = write_temp_file(files.key, key_pem, 0600);
    if (!key_tmp)
        return tl::unexpected(key_tmp.error());
    auto cert_tmp = write_temp_file(files.cert, cert_pem, 0644);
    if (!cert_tmp) {
        ::unlink(key_tmp->c_str());
        return tl::unexpected(cert_tmp.error());
    }
    // Each rename is atomic; a crash between the two leaves a mismatched pair, which load() reports.
    if (::rename(key_tmp->c_str(), files.key.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(key_tmp->c_str());
        ::unlink(cert_tmp->c_str());
        return tl::unexpected(files.key.string() + ": cannot replace: " + why);
    }
    if (::rename(cert_tmp->c_str(), files.cert.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(cert_tmp->c_str());
        return tl::unexpected(files.cert.string() + ": cannot replace: " + why);
    }
    return {};
}

} // namespace

result load(const std::filesystem::path& dir, const std::string& hostname)
{
    if (auto ok = check_hostname(hostname); !ok)
        return tl::unexpected(ok.error());
    const file_pair files = files_for(dir, hostname);
    return load_files(hostname, files.cert, files.key);
}

result load_files(const std::string& hostname, const std::filesystem::path& cert_file,
                  const std::filesystem::path& key_file)
{
    const file_pair files{cert_file, key_file};
    ERR_clear_error();

    auto cert_pem = read_small_file(files.cert);
    if (!cert_pem)
        return tl::unexpected(cert_pem.error());
    if (auto shaped = check_pem_shape(files.cert, *cert_pem); !shaped)
        return tl::unexpected(shaped.error());
    bio_ptr cert_bio{BIO_new_mem_buf(cert_pem->data(), static_cast<int>(cert_pem->size()))};
    x509_ptr cert{PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)};
    if (!cert)
        return tl::unexpected(files.cert.string() + ": not a PEM certificate: " + openssl_errors());
    auto chain = read_chain(files.cert, cert_bio.get());
    if (!chain)
        return tl::unexpected(chain.error());

    auto key_pem = read_small_file(files.key);
    if (!key_pem)
        return tl::unexpected(key_pem.error());
    if (auto shaped = check_pem_shape(files.key, *key_pem); !shaped)
        return tl::unexpected(shaped.error());
    bio_ptr key_bio{BIO_new_mem_buf(key_pem->data(), static_cast<int>(key_pem->size()))};
    pkey_ptr key{PEM_read_bio_PrivateKey(key_bio.get(), nullptr, no_passphrase, nullptr)};
    if (!key)
        return tl::unexpected(files.key.string() + ": not a PEM private key: " + openssl_errors());

    if (X509_check_private_key(cert.get(), key.get()) != 1)
        return tl::unexpected(files.key.string() + " does not match the certificate " + files.cert.string() + ": " +
                              openssl_errors());
    auto loaded = describe(hostname, files, std::move(cert), std::move(key), false);
    if (loaded) {
        loaded->chain = std::move(*chain);
        if (auto warning = key_readable_by_others(files.key))
            loaded->warnings.push_back(*warning);
    }
    return loaded;
}

result create(const std::filesystem::path& dir, const std::string& hostname, bool replace)
{
    if (auto ok = check_hostname(hostname); !ok)
        return tl::unexpected(ok.error());
    const file_pair files = files_for(dir, hostname);
    ERR_clear_error();

    pkey_ptr key{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
    if (!key)
        return tl::unexpected("cannot generate an EC P-256 key for " + hostname + ": " + openssl_errors());
    auto cert = make_self_signed(hostname, key.get());
    if (!cert)
        return tl::unexpected(hostname + ": " + cert.error());

    auto cert_pem = to_pem([&](BIO* b) { return PEM_write_bio_X509(b, cert->get()); });
    auto key_pem = to_pem(
        [&](BIO* b) { return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    if (!cert_pem || !key_pem)
        return tl::unexpected(hostname + ": " + (cert_pem ? key_pem.error() : cert_pem.error()));

    if (auto made = ensure_directory(dir); !made)
        return tl::unexpected(made.error());
    if (auto written = write_pair(files, *cert_pem, *key_pem, replace); !written)
        return tl::unexpected(written.error());
    return describe(hostname, files, std::move(*cert), std::move(key), true);
}

result load_or_create(const std::filesystem::path& dir, const std::string& hostname)
{
    if (auto ok = check_hostname(hostname); !ok)
        return tl::unexpected(ok.error());
    const file_pair files = files_for(dir, hostname);
    std::error_code ec;
    const bool have_cert = fs::exists(files.cert, ec);
    const bool have_key = fs::exists(files.key, ec);
    if (have_cert && have_key)
        return load(dir, hostname);
    // Never pair a new key with an old certificate (or the reverse): clients that pinned the
    // old one would see a changed identity. Rotating keys is the operator's decision.
    if (have_cert)
        return tl::unexpected(files.key.string() + " is missing, but " + files.cert.string() +
                              " exists; restore the key or remove both to generate a new identity");
    if (have_key)
        return tl::unexpected(files.cert.string() + " is missing, but " + files.key.string() +
                              " exists; restore the certificate or remove both to generate a new identity");
    return create(dir, hostname, false);
}

} // namespace smolpub::tls
