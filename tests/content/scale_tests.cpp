// SPDX-License-Identifier: ISC
// The loader at capsule scale: many articles and comment archives must load quickly,
// since the whole site (load + render) has a 2 s budget.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <string>

#include "content/content.hpp"
#include "content_fixture.hpp"

using namespace smolpub::content;
using smolpub::content::testing::all_text;
using smolpub::content::testing::temp_capsule;

namespace {

/// SMOLPUB_SCALE=10 gives the full 10,000-article, 50,000-comment capsule.
int scale_factor()
{
    const char* text = std::getenv("SMOLPUB_SCALE");
    const int n = text ? std::atoi(text) : 1;
    return n > 0 ? n : 1;
}

std::string article_text(int i)
{
    std::string text = "+++\ntitle = \"Article number " + std::to_string(i) +
                       "\"\ndate = 2020-01-01T10:00:00Z\ntags = [\"t" + std::to_string(i % 7) +
                       "\", \"scale\"]\ndescription = \"An article written to measure loading.\"\n"
                       "+++\n";
    for (int p = 0; p < 12; ++p)
        text += "A paragraph of ordinary prose, long enough to look like an article body, with "
                "*emphasis*, a [link](other.md) and `code`.\n\n";
    return text;
}

std::string comments_text(int i)
{
    std::string text;
    for (int c = 1; c <= 5; ++c) {
        text += "[[comment]]\nid = \"" + std::to_string(c) + "\"\n";
        if (c > 1)
            text += "reply_to = \"" + std::to_string(c - 1) + "\"\n";
        text += "author = \"Reader " + std::to_string(i) + "\"\nemail = \"r@example.org\"\n"
                "date = 2020-01-02T00:00:00Z\nbody = \"\"\"\nI liked this. Thanks for writing "
                "it up.\n\nA second paragraph.\"\"\"\n\n";
    }
    return text;
}

// Sanitizers slow everything down several times; the bound is about complexity, not them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int sanitizer_slowdown = 6;
#else
constexpr int sanitizer_slowdown = 1;
#endif

} // namespace

TEST_CASE("1,000 articles with 5,000 comments load in a fraction of the budget")
{
    const int articles = 1000 * scale_factor();
    temp_capsule capsule;
    for (int i = 0; i < articles; ++i) {
        const std::string folder = "cat" + std::to_string(i % 20) + "/";
        capsule.write(folder + "a" + std::to_string(i) + ".md", article_text(i));
        capsule.write(folder + "a" + std::to_string(i) + ".comments.toml", comments_text(i));
    }

    // CPU time of the process (all threads), not wall time: waiting for a core on a shared
    // machine says nothing about our work. bench/capsule_scale measures the real figures.
    const std::clock_t cpu_start = std::clock();
    const auto loaded = load_content(capsule.root());
    const auto elapsed = std::chrono::milliseconds{
        static_cast<long>(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC)};

    REQUIRE(loaded.has_value());
    CHECK_MESSAGE(loaded->problems.empty(), all_text(loaded->problems));
    CHECK(loaded->site.articles.size() == static_cast<std::size_t>(articles));
    CHECK(loaded->site.comment_count == static_cast<std::size_t>(articles) * 5);
    CHECK(loaded->site.categories.size() == 21);
    MESSAGE("loaded " << articles << " articles in " << elapsed.count() << " ms of CPU");
    // Not a speed test: linear work is ~70 ms of CPU here, an accidentally quadratic walk
    // takes minutes; the bound only tells those apart.
    CHECK(elapsed.count() < 5000 * scale_factor() * sanitizer_slowdown);
}
