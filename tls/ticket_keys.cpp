// SPDX-License-Identifier: ISC
#include "tls/ticket_keys.hpp"
#include "text/percent.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "tls/openssl_handles.hpp"
#include "content/file_text.hpp"

namespace smolpub::tls {
namespace {

using namespace std::string_literals;

constexpr std::size_t key_bytes = 16 + 32 + 32;
// A key file holds a handful of keys; anything this big is not one.
constexpr off_t largest_key_file = 1 << 20;



std::string where(std::string_view file, std::size_t line, std::size_t column)
{
    return std::string{file} + ':' + std::to_string(line) + ':' + std::to_string(column) + ": ";
}

std::string errno_text(const std::filesystem::path& file, std::string_view what)
{
    return file.string() + ": " + std::string{what} + ": " + std::strerror(errno);
}


} // namespace

tl::expected<std::vector<ticket_key>, std::string> parse_ticket_keys(std::string_view text, std::string_view file)
{
    std::vector<ticket_key> keys;
    std::vector<std::size_t> lines;  // where each key was, for the duplicate message
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);

        const auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#')
            continue;
        const auto last = line.find_last_not_of(" \t");
        const std::string_view digits = line.substr(first, last - first + 1);
        const std::size_t column = first + 1;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (text::hex_digit_value(digits[i]) < 0)
                return tl::unexpected(where(file, line_number, column + i) +
                                      "a session-ticket key is hex digits only, found '" + std::string(1, digits[i]) +
                                      "'");
        }
        if (digits.size() % 2 != 0)
            return tl::unexpected(where(file, line_number, column) + "odd number of hex digits (" +
                                  std::to_string(digits.size()) + "): a key is whole bytes, two digits each");
        if (digits.size() != key_bytes * 2)
            return tl::unexpected(where(file, line_number, column) + "a session-ticket key is " +
                                  std::to_string(key_bytes) + " bytes (" + std::to_string(key_bytes * 2) +
                                  " hex digits), this one is " + std::to_string(digits.size() / 2) +
                                  " bytes (make one with `smolpub cert --ticket-keys FILE`)");

        std::array<unsigned char, key_bytes> bytes{};
        for (std::size_t i = 0; i < key_bytes; ++i)
            bytes[i] = static_cast<unsigned char>(text::hex_digit_value(digits[2 * i]) << 4 | text::hex_digit_value(digits[2 * i + 1]));
        ticket_key key;
        std::copy_n(bytes.begin(), 16, key.name.begin());
        std::copy_n(bytes.begin() + 16, 32, key.aes.begin());
        std::copy_n(bytes.begin() + 48, 32, key.hmac.begin());
        for (std::size_t i = 0; i < keys.size(); ++i) {
            // A ticket names its key by these 16 bytes: a second key of the same name could never decrypt.
            if (keys[i].name == key.name)
                return tl::unexpected(where(file, line_number, column) + "this key has the same name (first 16 bytes) "
                                                                         "as the key on line " +
                                      std::to_string(lines[i]));
        }
        keys.push_back(key);
        lines.push_back(line_number);
    }
    if (keys.empty())
        return tl::unexpected(std::string{file} + ": no session-ticket keys in the file (one line of " +
                              std::to_string(key_bytes * 2) + " hex digits per key)");
    return keys;
}

std::string format_ticket_keys(const std::vector<ticket_key>& keys)
{
    std::string out = "# smolpub session-ticket keys, newest first: the first encrypts new tickets, every key\n"
                      "# decrypts. Secret: keep it mode 0600, copy it only over an encrypted channel, never\n"
                      "# commit it. Rotate with `smolpub cert --ticket-keys FILE --rotate`, then SIGHUP.\n";
    for (const auto& k : keys)
        out += text::hex_of(k.name) + text::hex_of(k.aes) + text::hex_of(k.hmac) + '\n';
    return out;
}

tl::expected<ticket_key, std::string> make_ticket_key()
{
    ticket_key k;
    if (RAND_bytes(k.name.data(), static_cast<int>(k.name.size())) != 1 ||
        RAND_priv_bytes(k.aes.data(), static_cast<int>(k.aes.size())) != 1 ||
        RAND_priv_bytes(k.hmac.data(), static_cast<int>(k.hmac.size())) != 1)
        return tl::unexpected("no randomness for a session-ticket key: " + openssl_errors());
    return k;
}

std::vector<ticket_key> rotate_ticket_keys(std::vector<ticket_key> keys, const ticket_key& fresh, std::size_t keep)
{
    keys.insert(keys.begin(), fresh);
    keys.resize(std::min(keys.size(), std::max<std::size_t>(keep, 1)));
    return keys;
}

tl::expected<std::vector<ticket_key>, std::string> read_ticket_key_file(const std::filesystem::path& file)
{
    const content::unique_fd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
    if (fd.get() < 0)
        return tl::unexpected(errno_text(file, "cannot open the session-ticket key file"));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return tl::unexpected(errno_text(file, "cannot stat the session-ticket key file"));
    if (!S_ISREG(st.st_mode))
        return tl::unexpected(file.string() + ": the session-ticket key file is not a regular file");
    // Whoever reads these keys can decrypt every recorded session they protect: as secret as a private key.
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return tl::unexpected(file.string() + ": refused: mode " + mode +
                              " lets other users read or change the session-ticket keys; it must be 0600 or "
                              "stricter (chmod 600 " + file.string() + ")");
    }
    if (st.st_size > largest_key_file)
        return tl::unexpected(file.string() + ": too large for a session-ticket key file");
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd.get(), text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return tl::unexpected(errno_text(file, "cannot read the session-ticket key file"));
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    return parse_ticket_keys(text, file.string());
}

tl::expected<void, std::string> write_ticket_key_file(const std::filesystem::path& file,
                                                      const std::vector<ticket_key>& keys)
{
    const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path{"."};
    std::string temp = (folder / ("." + file.filename().string() + ".XXXXXX")).string();
    content::unique_fd fd{::mkstemp(temp.data())};  // mode 0600, in the same file system: rename is atomic
    if (fd.get() < 0)
        return tl::unexpected(errno_text(folder, "cannot create a temporary key file here"));
    const auto fail = [&](std::string_view what) {
        std::string message = errno_text(temp, what);
        ::unlink(temp.c_str());
        return tl::unexpected(std::move(message));
    };
    if (::fchmod(fd.get(), 0600) != 0)
        return fail("cannot set mode 0600");
    if (!content::write_all(fd.get(), format_ticket_keys(keys)))
        return fail("cannot write");
    if (::fsync(fd.get()) != 0)
        return fail("cannot flush to disk");
    if (::close(fd.release()) != 0)
        return fail("cannot close");
    if (::rename(temp.c_str(), file.c_str()) != 0)
        return fail(("cannot rename it to " + file.string()).c_str());
    // The rename itself reaches the disk only with the folder's metadata.
    if (const content::unique_fd dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)}; dir.get() >= 0)
        ::fsync(dir.get());
    return {};
}

} // namespace smolpub::tls
