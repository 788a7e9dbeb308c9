// SPDX-License-Identifier: ISC
// render_bench: Markdown -> gemtext (-> Gopher text and menu) throughput on a
// deterministic ~10 MB corpus of mixed constructs, built in memory so the figure
// measures the renderers and not the disk, rendered whole and as article-sized
// documents (what the server renders for a cold page). Reports the median of 5 runs in MB/s
// of Markdown input, by this thread's CPU time (a shared machine's load would
// otherwise decide the figure) and by wall-clock time. Usage: render_bench [megabytes]
#include "render/gemtext.hpp"
#include "render/gopher.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <time.h>

namespace {

using smolpub::render::gemtext_options;

// A fixed LCG rather than <random>: the corpus must be the same on every machine.
class lcg {
public:
    std::uint32_t next(std::uint32_t bound)
    {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>((state_ >> 33) % bound);
    }

private:
    std::uint64_t state_ = 0x5eed;
};

constexpr std::array<std::string_view, 16> words{
    "gemini", "gopher", "capsule", "small", "web", "markdown", "the", "a", "of", "and",
    "publish", "text", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "caf\xC3\xA9", "protocol", "server"};

std::string sentence(lcg& rng, bool inline_markup)
{
    std::string s;
    const auto n = 6 + rng.next(14);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i > 0)
            s += ' ';
        const std::string_view w = words[rng.next(words.size())];
        switch (inline_markup ? rng.next(24) : 99) {
        case 0: s += "*" + std::string{w} + "*"; break;
        case 1: s += "**" + std::string{w} + "**"; break;
        case 2: s += "`" + std::string{w} + "()`"; break;
        case 3: s += "[" + std::string{w} + "](https://example.org/" + std::to_string(rng.next(500)) + ")"; break;
        case 4: s += "[" + std::string{w} + "](../posts/" + std::string{w} + ".md)"; break;
        case 5: s += "<em>" + std::string{w} + "</em>"; break;
        case 6: s += std::string{w} + " &amp;"; break;
        default: s += w;
        }
    }
    return s + '.';
}

std::string make_corpus(std::size_t target_bytes)
{
    lcg rng;
    std::string md;
    md.reserve(target_bytes + 4096);
    while (md.size() < target_bytes) {
        switch (rng.next(10)) {
        case 0:
            md += std::string(1 + rng.next(4), '#') + ' ' + sentence(rng, false) + "\n\n";
            break;
        case 1:
            for (auto i = 2 + rng.next(5); i > 0; --i)
                md += std::string(2 * rng.next(3), ' ') + (rng.next(2) ? "- " : "1. ") + sentence(rng, true) + '\n';
            md += '\n';
            break;
        case 2:
            md += "> " + sentence(rng, true) + "\n>\n> > " + sentence(rng, true) + "\n\n";
            break;
        case 3:
            md += "```cpp\n";
            for (auto i = 1 + rng.next(8); i > 0; --i)
                md += "    auto x = f(" + std::to_string(rng.next(1000)) + "); // " + sentence(rng, false) + '\n';
            md += "```\n\n";
            break;
        case 4:
            md += "| name | value | note |\n|:-----|------:|:----:|\n";
            for (auto i = 1 + rng.next(6); i > 0; --i)
                md += "| " + std::string{words[rng.next(words.size())]} + " | " + std::to_string(rng.next(100000)) +
                      " | " + std::string{words[rng.next(words.size())]} + " |\n";
            md += '\n';
            break;
        case 5:
            md += "![" + std::string{words[rng.next(words.size())]} + "](images/" + std::to_string(rng.next(99)) +
                  ".png)\n\n";
            break;
        case 6:
            md += "---\n\n";
            break;
        default:
            for (auto i = 1 + rng.next(4); i > 0; --i)
                md += sentence(rng, true) + '\n';
            md += '\n';
        }
    }
    return md;
}

double thread_cpu_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct timing {
    double cpu;   // median seconds of this thread's CPU time
    double wall;  // median seconds of wall-clock time
};

timing median_of_5(const std::function<void()>& run)
{
    std::vector<double> cpu;
    std::vector<double> wall;
    for (int i = 0; i < 5; ++i) {
        const double cpu_start = thread_cpu_seconds();
        const auto wall_start = std::chrono::steady_clock::now();
        run();
        cpu.push_back(thread_cpu_seconds() - cpu_start);
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
    }
    std::sort(cpu.begin(), cpu.end());
    std::sort(wall.begin(), wall.end());
    return {cpu[2], wall[2]};
}

void report(const char* what, double mb, timing t)
{
    std::printf("%-22s %7.1f MB/s CPU (%.3f s)  %7.1f MB/s wall (%.3f s)\n", what, mb / t.cpu, t.cpu, mb / t.wall,
                t.wall);
}

} // namespace

int main(int argc, char** argv)
{
    const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10;
    const std::string markdown = make_corpus(megabytes * 1000 * 1000);
    const double mb = static_cast<double>(markdown.size()) / 1e6;

    gemtext_options options;
    options.rewrite_link = [](std::string_view url) -> std::optional<std::string> {
        return std::string{url.substr(0, url.size() - 3)} + ".gmi";
    };
    std::string gemtext;
    const timing to_gemtext = median_of_5([&] { gemtext = smolpub::render::markdown_to_gemtext(markdown, options); });
    std::printf("corpus: %.1f MB Markdown -> %.1f MB gemtext; MB/s of Markdown input, median of 5\n", mb,
                static_cast<double>(gemtext.size()) / 1e6);
    report("markdown_to_gemtext", mb, to_gemtext);

    // The server renders one article at a time: the same corpus cut at blank lines into
    // documents of about 1.5 KB (the archive's articles), each rendered on its own.
    std::vector<std::string_view> articles;
    for (std::size_t at = 0; at < markdown.size();) {
        const std::size_t blank = markdown.find("\n\n", at + 1500);
        const std::size_t end = blank == std::string::npos ? markdown.size() : blank + 2;
        articles.push_back(std::string_view{markdown}.substr(at, end - at));
        at = end;
    }
    std::size_t article_bytes = 0;
    const timing per_article = median_of_5([&] {
        article_bytes = 0;
        for (const auto article : articles)
            article_bytes += smolpub::render::markdown_to_gemtext(article, options).size();
    });
    std::printf("as %zu documents of about 1.5 KB (%.1f MB gemtext):\n", articles.size(),
                static_cast<double>(article_bytes) / 1e6);
    report("  markdown_to_gemtext", mb, per_article);

    smolpub::render::gopher_options gopher;
    gopher.host = "example.org";
    std::string out;
    const timing to_text = median_of_5([&] { out = smolpub::render::gemtext_to_text(gemtext, gopher); });
    report("gemtext_to_text", mb, to_text);
    const timing to_menu = median_of_5([&] { out = smolpub::render::gemtext_to_menu(gemtext, gopher); });
    report("gemtext_to_menu", mb, to_menu);
    report("markdown -> gopher text", mb, {to_gemtext.cpu + to_text.cpu, to_gemtext.wall + to_text.wall});
    return 0;
}
