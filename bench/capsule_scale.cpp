// SPDX-License-Identifier: ISC
// capsule_scale: how long `load_site` takes, and how much memory it holds, for a large
// capsule written to a temp folder: 10,000 articles with 50,000 comments by default.
//   capsule_scale [ARTICLES] [COMMENTS_PER_ARTICLE]
// Reports wall time, process CPU time and resident memory (VmRSS after, VmHWM peak).
// Not a test: run it by hand; the machine's load shows in wall time, not in CPU time.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <malloc.h>
#include <unistd.h>

#include "site/page_cache.hpp"
#include "site/site.hpp"

namespace fs = std::filesystem;

namespace {

long status_kib(const std::string& field)
{
    std::ifstream in{"/proc/self/status"};
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(field + ":"))
            return std::atol(line.c_str() + field.size() + 1);
    return -1;
}

void write(const fs::path& file, const std::string& text)
{
    std::ofstream{file, std::ios::binary} << text;
}

/// A plausible article: front matter, a few paragraphs, a list, a link, a code block.
std::string article(int i)
{
    const std::string n = std::to_string(i);
    std::string body = "+++\ntitle = \"Article " + n + "\"\ndate = " + std::to_string(2000 + i % 26) + "-0" +
                       std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "\ntags = [\"t" +
                       std::to_string(i % 30) + "\", \"bench\"]\n+++\n";
    for (int p = 0; p < 4; ++p)
        body += "Paragraph " + std::to_string(p) + " of article " + n +
                " has *some* emphasis, `code` and a [link](https://example.org/" + n +
                ") among ordinary words that make it about as long as a real one.\n\n";
    body += "* one\n* two\n  * nested\n\n```sh\necho " + n + "\n```\n";
    return body;
}

std::string comments(int i, int count)
{
    std::string out;
    for (int c = 0; c < count; ++c)
        out += "[[comment]]\nid = \"" + std::to_string(c) + "\"\n" + (c > 0 ? "reply_to = \"0\"\n" : "") +
               "author = \"Reader " + std::to_string(c) + "\"\ndate = 2020-01-0" + std::to_string(1 + c % 9) +
               "\nemail = \"r@example.org\"\nbody = \"\"\"A comment on article " + std::to_string(i) +
               ", with **markdown**.\"\"\"\n\n";
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    const int articles = argc > 1 ? std::atoi(argv[1]) : 10'000;
    const int per_article = argc > 2 ? std::atoi(argv[2]) : 5;
    const fs::path root = fs::temp_directory_path() / ("smolpub-scale-" + std::to_string(::getpid()));
    fs::create_directories(root);
    for (int i = 0; i < articles; ++i) {
        const fs::path folder = root / ("cat" + std::to_string(i % 20));
        fs::create_directories(folder);
        write(folder / ("a" + std::to_string(i) + ".md"), article(i));
        if (per_article > 0)
            write(folder / ("a" + std::to_string(i) + ".comments.toml"), comments(i, per_article));
    }

    smolpub::content::site_settings settings;
    settings.content_dir = root;
    settings.hostnames = {"localhost"};
    const long rss_before = status_kib("VmRSS");
    const auto wall_start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    auto site = smolpub::site::load_site(settings, std::make_shared<smolpub::site::page_cache>(std::size_t{32} << 20));  // limits.cache's default
    const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const auto wall_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - wall_start).count();
    const long rss_untrimmed = status_kib("VmRSS");
    ::malloc_trim(0);  // as smolpub serve does after every load (runtime/state.cpp)
    const long rss_after = status_kib("VmRSS"), peak = status_kib("VmHWM");
    std::cout << "resident before malloc_trim: " << rss_untrimmed / 1024 << " MB\n";
    fs::remove_all(root);
    if (!site) {
        std::cerr << site.error().text() << '\n';
        return 1;
    }
    std::cout << (*site)->summary().text() << '\n'
              << "wall " << wall_ms << " ms, CPU " << static_cast<long>(cpu_ms) << " ms (all threads)\n"
              << "resident: " << rss_before / 1024 << " MB before, " << rss_after / 1024 << " MB after, peak "
              << peak / 1024 << " MB\n"
              << "problems: " << (*site)->problems().size() << '\n';
    return (*site)->problems().empty() ? 0 : 1;
}
