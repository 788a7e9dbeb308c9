// SPDX-License-Identifier: ISC
// The compact string-keyed table the site keeps its paths in.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "site/path_table.hpp"

using namespace smolpub::site;

TEST_CASE("a text store gives back every text it kept, at every length")
{
    text_store store;
    std::vector<std::pair<kept_text, std::string>> kept;
    // Around the one- and two-byte length prefixes, and past a block.
    for (const std::size_t n : {0u, 1u, 126u, 127u, 128u, 129u, 16383u, 16384u, 65535u, 65536u, 200000u, 3u}) {
        std::string text(n, 'a');
        for (std::size_t k = 0; k < n; ++k)
            text[k] = static_cast<char>('a' + (k * 7 + n) % 26);
        kept.emplace_back(store.keep(text), text);
    }
    for (const auto& [ref, text] : kept)
        CHECK(store.view(ref) == text);
}

TEST_CASE("views into a text store stay valid as it grows past its first block")
{
    text_store store;
    const kept_text first = store.keep("/first/path.gmi");
    const std::string_view view = store.view(first);
    const char* data = view.data();
    std::vector<std::pair<kept_text, std::string>> kept;
    for (int k = 0; k < 20000; ++k) {
        std::string path = "/cat" + std::to_string(k % 20) + "/post-" + std::to_string(k) + ".gmi";
        kept.emplace_back(store.keep(path), path);
    }
    CHECK(store.capacity() > text_store::block_size);
    CHECK(view.data() == data);
    CHECK(view == "/first/path.gmi");
    for (const auto& [ref, text] : kept)
        REQUIRE(store.view(ref) == text);
}

TEST_CASE("path_table finds what was added and nothing else")
{
    path_table<int> table;
    CHECK(table.find("/") == nullptr);  // empty: no index yet
    CHECK_FALSE(table.contains(""));
    CHECK(table.emplace(std::string_view{"/a"}, 1));
    CHECK(table.emplace(std::string_view{"/a/"}, 2));
    CHECK(table.emplace(std::string_view{"/a/b"}, 3));
    REQUIRE(table.find("/a") != nullptr);
    CHECK(*table.find("/a") == 1);
    CHECK(*table.find("/a/") == 2);
    CHECK(*table.find("/a/b") == 3);
    for (const std::string_view absent : {"", "/", "/b", "/a/b/", "/A", "a"}) {
        CAPTURE(absent);
        CHECK(table.find(absent) == nullptr);
        CHECK_FALSE(table.contains(absent));
    }
    CHECK(table.size() == 3);
}

TEST_CASE("the empty string is a key like any other")
{
    path_table<int> table;
    CHECK(table.emplace(std::string_view{}, 7));
    CHECK(table.contains(""));
    CHECK(*table.find("") == 7);
    CHECK_FALSE(table.contains("/"));
    CHECK((*table.begin()).first.empty());
}

TEST_CASE("emplace does not overwrite, insert_or_assign does and the entry keeps its place")
{
    path_table<int> table;
    CHECK(table.emplace(std::string_view{"/x"}, 1));
    CHECK_FALSE(table.emplace(std::string_view{"/x"}, 2));
    CHECK(*table.find("/x") == 1);
    table.insert_or_assign(std::string_view{"/y"}, 10);
    table.insert_or_assign(std::string_view{"/x"}, 3);
    CHECK(*table.find("/x") == 3);
    CHECK(*table.find("/y") == 10);
    CHECK(table.size() == 2);
    std::vector<std::pair<std::string, int>> order;
    for (const auto& [key, value] : table)
        order.emplace_back(std::string{key}, value);
    CHECK(order == std::vector<std::pair<std::string, int>>{{"/x", 3}, {"/y", 10}});
}

TEST_CASE("many keys: all found after the index grew, in insertion order, like a std::map says")
{
    path_table<std::size_t> table;
    std::map<std::string, std::size_t> expected;
    std::vector<std::string> order;
    // 50,000 keys through an index that starts at 16 slots: every growth and a great many
    // probe collisions. Keys that share long prefixes and differ in one character.
    for (std::size_t k = 0; k < 50000; ++k) {
        std::string key = "/category-" + std::to_string(k % 37) + "/a-rather-long-slug-" + std::to_string(k);
        const bool added = table.emplace(std::string_view{key}, k);
        CHECK(added == expected.emplace(key, k).second);
        if (added)
            order.push_back(key);
    }
    REQUIRE(table.size() == expected.size());
    for (const auto& [key, value] : expected) {
        const auto* found = table.find(key);
        REQUIRE_MESSAGE(found != nullptr, key);
        CHECK(*found == value);
        CHECK_FALSE(table.contains(key + "x"));
        const std::string shorter = key.substr(0, key.size() - 1);
        CHECK(table.contains(shorter) == expected.contains(shorter));
    }
    std::size_t n = 0;
    for (const auto& [key, value] : table) {
        REQUIRE(n < order.size());
        CHECK(key == order[n]);
        CHECK(value == expected[order[n]]);
        ++n;
    }
    CHECK(n == order.size());
}

TEST_CASE("reserve leaves every entry where it was")
{
    path_table<int> table;
    for (int k = 0; k < 100; ++k)
        table.emplace(std::string_view{"/p" + std::to_string(k)}, k);
    table.reserve(100000);
    for (int k = 0; k < 100; ++k)
        CHECK(*table.find("/p" + std::to_string(k)) == k);
    CHECK(table.key_at(42) == "/p42");
    CHECK(table.value_at(42) == 42);
}

TEST_CASE("tables sharing a store keep a key once and hold strings as values")
{
    auto store = std::make_shared<text_store>();
    path_table<int> pages{store};
    path_table<kept_text> redirects{store};
    const kept_text path = pages.keep("/notes/bread.gmi");
    const std::size_t before = store->capacity();
    CHECK(pages.emplace(path, 1));
    CHECK(redirects.emplace(pages.keep("/notes/bread/"), path));
    CHECK_FALSE(redirects.emplace(pages.keep("/notes/bread/"), pages.keep("/elsewhere")));
    CHECK(store->capacity() == before);
    CHECK(*pages.find("/notes/bread.gmi") == 1);
    const kept_text* target = redirects.find("/notes/bread/");
    REQUIRE(target != nullptr);
    CHECK(redirects.text(*target) == "/notes/bread.gmi");
    // The key was not copied: both tables see the same bytes.
    CHECK(pages.key_at(0).data() == redirects.text(*target).data());
}

TEST_CASE("a loop whose end was taken first does not visit entries added during it")
{
    path_table<int> table;
    table.emplace(std::string_view{"/a/b/c"}, 0);
    table.emplace(std::string_view{"/d/e"}, 0);
    int visited = 0;
    for (auto it = table.begin(), end = table.end(); it != end; ++it) {
        const std::string key{(*it).first};
        table.emplace(std::string_view{key + "/more"}, 1);
        ++visited;
    }
    CHECK(visited == 2);
    CHECK(table.size() == 4);
    CHECK(table.contains("/a/b/c/more"));
}
