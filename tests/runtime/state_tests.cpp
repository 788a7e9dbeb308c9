// SPDX-License-Identifier: ISC
// The page cache across reloads (runtime/state.hpp): one cache serves every snapshot, and
// only a reload that has succeeded may resize it or drop the pages of the snapshot before.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "runtime/state.hpp"
#include "tests/support/files.hpp"

using namespace smolpub;

namespace {

/// A config serving one small capsule under `root` (certificates made in root/certs).
content::config one_site(const std::filesystem::path& root, std::size_t cache_bytes)
{
    content::site_settings settings;
    settings.title = "Cache test";
    settings.content_dir = root / "capsule";
    settings.cert_dir = root / "certs";
    settings.hostnames = {"cache.example"};
    content::config config;
    config.limit.cache_bytes = cache_bytes;
    config.sites.push_back(settings);
    return config;
}

std::shared_ptr<const site::document> page(const runtime::runtime_state& state, std::string_view path)
{
    const auto r = state.sites.front().site->route(path);
    REQUIRE(r.doc);
    return r.doc;
}

} // namespace

TEST_CASE("a reload that fails leaves the page cache, its limit and its pages as they were")
{
    test::temp_dir dir{"smolpub-state-"};
    test::write_file(dir.path() / "capsule/index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
    test::write_old_file(dir.path() / "capsule/notes/one.md",
                         "+++\ntitle = \"One\"\ndate = 2024-01-01\n+++\nThe first words.\n");
    test::write_file(dir.path() / "capsule/notes/two.md",
                     "+++\ntitle = \"Two\"\ndate = 2024-02-01\n+++\nThe second words.\n");

    runtime::build_report report;
    const auto first = runtime::build_state(one_site(dir.path(), std::size_t{1} << 20), report);
    REQUIRE_MESSAGE(first.has_value(), (first ? std::string{} : first.error()));
    const auto& cache = (*first)->cache;
    const auto one = page(**first, "/notes/one.gmi");
    const auto two = page(**first, "/notes/two.gmi");
    const std::size_t pages = cache->count(), bytes = cache->bytes();
    REQUIRE(pages == 2);

    // The next config wants a cache too small for any page, and a second site that cannot
    // be loaded; its first site has an edited article, whose old page a successful reload
    // would drop.
    test::write_file(dir.path() / "capsule/notes/one.md",
                     "+++\ntitle = \"One\"\ndate = 2024-01-01\n+++\nEdited words.\n");
    content::config next = one_site(dir.path(), 1);
    content::site_settings missing = next.sites.front();
    missing.content_dir = dir.path() / "no such folder";
    missing.hostnames = {"missing.example"};
    next.sites.push_back(missing);
    const auto failed = runtime::build_state(next, report, first->get());
    REQUIRE_FALSE(failed.has_value());

    CHECK(cache->limit() == std::size_t{1} << 20);
    CHECK(cache->count() == pages);
    CHECK(cache->bytes() == bytes);
    // The snapshot still served answers from the very pages it rendered.
    CHECK(page(**first, "/notes/one.gmi") == one);
    CHECK(page(**first, "/notes/two.gmi") == two);

    SUBCASE("a reload that succeeds then drops the replaced page and takes the new limit")
    {
        content::config good = one_site(dir.path(), std::size_t{1} << 21);
        const auto second = runtime::build_state(good, report, first->get());
        REQUIRE_MESSAGE(second.has_value(), (second ? std::string{} : second.error()));
        CHECK((*second)->cache == cache);
        CHECK(cache->limit() == std::size_t{1} << 21);
        CHECK(cache->count() == 1);  // two's page kept, one's old page dropped
        CHECK(page(**second, "/notes/two.gmi") == two);
        CHECK(page(**second, "/notes/one.gmi")->body.find("Edited words.") != std::string::npos);
    }
}
