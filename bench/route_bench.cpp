// SPDX-License-Identifier: ISC
// route_bench: the CPU a lookup costs in a loaded site, without sockets or TLS: route()
// and route_gopher() over pages already in the cache, redirects and misses (issue 13: the
// paths of a snapshot moved into compact tables; cached requests go through them).
//   route_bench ARCHIVE [ROUNDS]
// ARCHIVE is a capsule folder (bench/archive_gen.py). Each cell runs its lookups ROUNDS
// times (default 20) and prints the median ns per call of 5 repetitions. Run it by hand on
// a quiet machine; compare builds of the same archive only.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "site/page_cache.hpp"
#include "site/site.hpp"

namespace {

using smolpub::site::route_result;

/// Median over 5 repetitions of the ns per call of `lookup` over `keys`, `rounds` times.
double ns_per_call(const std::vector<std::string>& keys, int rounds,
                   const std::function<route_result(const std::string&)>& lookup, std::size_t& found)
{
    std::vector<double> runs;
    for (int rep = 0; rep < 5; ++rep) {
        found = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < rounds; ++r)
            for (const auto& key : keys)
                found += lookup(key).what != route_result::outcome::not_found;
        const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
        runs.push_back(took.count() / static_cast<double>(keys.size() * static_cast<std::size_t>(rounds)));
    }
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: route_bench ARCHIVE [ROUNDS]\n";
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
    smolpub::content::site_settings settings;
    settings.content_dir = argv[1];
    settings.hostnames = {"localhost"};
    auto loaded = smolpub::site::load_site(settings, std::make_shared<smolpub::site::page_cache>(std::size_t{32} << 20));  // limits.cache's default
    if (!loaded) {
        std::cerr << loaded.error().text() << '\n';
        return 1;
    }
    const auto& site = **loaded;

    // 200 articles spread over the archive: few enough that every page stays cached.
    std::vector<std::string> articles, folders, misses, text_views;
    const std::vector<std::string> paths = site.gemini_paths();
    std::vector<std::string> all_articles;
    for (const auto& p : paths)
        if (p.ends_with(".gmi") && std::count(p.begin(), p.end(), '/') == 2)
            all_articles.push_back(p);
    const std::size_t step = std::max<std::size_t>(1, all_articles.size() / 200);
    for (std::size_t k = 0; k < all_articles.size() && articles.size() < 200; k += step) {
        const std::string& a = all_articles[k];
        const std::string_view stem = std::string_view{a}.substr(0, a.size() - 4);
        articles.push_back(a);
        folders.emplace_back(stem).append("/");
        misses.emplace_back(stem).append(".none");
        text_views.emplace_back(stem).append(".txt");
    }
    for (const auto& a : articles)  // render them once: the cells measure cached pages
        (void)site.route(a), (void)site.route_gopher(a);

    std::size_t found = 0;
    const auto report = [&](const char* name, const std::vector<std::string>& keys,
                            const std::function<route_result(const std::string&)>& lookup) {
        const double ns = ns_per_call(keys, rounds, lookup, found);
        std::cout << "| " << name << " | " << static_cast<long>(ns) << " | " << found << "/"
                  << keys.size() * static_cast<std::size_t>(rounds) << " |\n";
    };
    std::cout << "# route_bench, " << site.summary().text() << ", " << articles.size() << " articles x " << rounds
              << " rounds\n\n| cell | ns per call | answered |\n|---|---|---|\n";
    report("Gemini, cached article", articles, [&](const std::string& k) { return site.route(k); });
    report("Gemini, article folder (redirect)", folders, [&](const std::string& k) { return site.route(k); });
    report("Gemini, miss", misses, [&](const std::string& k) { return site.route(k); });
    report("Gopher, cached article's menu", articles, [&](const std::string& k) { return site.route_gopher(k); });
    report("Gopher, article's text", text_views, [&](const std::string& k) { return site.route_gopher(k); });
    report("Gopher, article folder (resolved)", folders, [&](const std::string& k) { return site.route_gopher(k); });
    report("Gopher, miss", misses, [&](const std::string& k) { return site.route_gopher(k); });
    return 0;
}
