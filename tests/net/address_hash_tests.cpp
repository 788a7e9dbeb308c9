// SPDX-License-Identifier: ISC
// Hashed addresses in the access log are keyed (log.key): one key, one value per address and
// day; another key, other values; and the key file is made once and then read back.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "net/access_log.hpp"
#include "tests/support/files.hpp"

using namespace smolpub;

namespace {

text::siphash_key key_of(std::uint8_t fill)
{
    text::siphash_key k{};
    k.fill(fill);
    return k;
}

std::string hashed(std::string_view address) { return net::loggable_address(address, content::address_logging::hash); }

} // namespace

TEST_CASE("a hashed address depends on the log key, and only on it")
{
    net::set_address_key(key_of(1));
    const std::string a1 = hashed("192.0.2.7"), b1 = hashed("192.0.2.8");
    CHECK(a1.starts_with("h:"));
    CHECK(a1.size() == 18);
    CHECK(a1 != b1);
    CHECK(hashed("192.0.2.7") == a1);  // same key, same value
    net::set_address_key(key_of(2));
    CHECK(hashed("192.0.2.7") != a1);  // another key, another value
    net::set_address_key(key_of(1));
    CHECK(hashed("192.0.2.7") == a1);
}

TEST_CASE("the log key file is made with mode 0600 once, then read back, and must hold 16 bytes")
{
    test::temp_dir dir;
    const auto file = dir.path() / "log.key";
    std::string error;
    const auto made = net::load_or_make_address_key(file, error);
    REQUIRE_MESSAGE(made, error);
    struct stat st{};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(st.st_size == 16);
    const auto again = net::load_or_make_address_key(file, error);
    REQUIRE(again);
    CHECK(*again == *made);

    test::write_file(dir.path() / "short.key", "0123456789");
    CHECK_FALSE(net::load_or_make_address_key(dir.path() / "short.key", error));
    CHECK(error.find("exactly 16 bytes") != std::string::npos);
    CHECK_FALSE(net::load_or_make_address_key(dir.path() / "missing" / "log.key", error));
}
