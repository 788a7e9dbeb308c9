// SPDX-License-Identifier: ISC
// Whole articles through the renderer: whatever the Markdown, the gemtext must be
// well-formed. Runs over the example capsule (once it exists) and the golden inputs.
#include "render/gemtext.hpp"
#include "text/utf8.hpp"
#include "tests/support/files.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace smolpub::text;
using namespace smolpub::render;

using smolpub::test::read_file;

namespace {

// Capsule articles open with TOML front matter between two `+++` lines; the
// renderer's contract is a document without it.
std::string_view skip_front_matter(std::string_view text)
{
    auto line_end = [&text](std::size_t from) {
        const auto nl = text.find('\n', from);
        return nl == std::string_view::npos ? text.size() : nl + 1;
    };
    auto is_fence = [](std::string_view line) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        return line == "+++";
    };
    if (!is_fence(text.substr(0, line_end(0))))
        return text;
    for (std::size_t at = line_end(0); at < text.size(); at = line_end(at))
        if (is_fence(text.substr(at, line_end(at) - at)))
            return text.substr(line_end(at));
    return text;  // unterminated: not front matter after all
}

std::vector<fs::path> markdown_files_under(const fs::path& root)
{
    std::vector<fs::path> files;
    if (!fs::is_directory(root))
        return files;
    for (const auto& entry : fs::recursive_directory_iterator{root})
        if (entry.is_regular_file() && entry.path().extension() == ".md")
            files.push_back(entry.path());
    return files;
}

// Every way `gmi` breaks the renderer's output contract, one message each.
std::vector<std::string> gemtext_problems(std::string_view gmi)
{
    std::vector<std::string> problems;
    if (!is_valid_utf8(gmi))
        problems.emplace_back("invalid UTF-8");
    if (gmi.empty())
        return problems;
    if (gmi.back() != '\n' || gmi.ends_with("\n\n"))
        problems.emplace_back("does not end with exactly one newline");
    if (gmi.starts_with("\n"))
        problems.emplace_back("starts with a blank line");
    if (gmi.find('\r') != std::string_view::npos)
        problems.emplace_back("contains CR");

    bool preformatted = false;
    bool previous_blank = false;
    std::size_t line_number = 0;
    while (!gmi.empty()) {
        const auto nl = gmi.find('\n');
        const std::string_view line = gmi.substr(0, nl);
        gmi.remove_prefix(nl == std::string_view::npos ? gmi.size() : nl + 1);
        ++line_number;
        const std::string where = "line " + std::to_string(line_number) + ": ";
        if (line.starts_with("```")) {
            preformatted = !preformatted;
            previous_blank = false;
            continue;
        }
        if (preformatted)
            continue;  // code is verbatim, trailing spaces and blank lines and all
        if (line.empty() && previous_blank)
            problems.push_back(where + "second blank line in a row");
        previous_blank = line.empty();
        if (line.ends_with(' ') || line.ends_with('\t'))
            problems.push_back(where + "trailing whitespace");
        if (line.starts_with("=>")) {
            std::string_view target = line.substr(2);
            while (!target.empty() && (target.front() == ' ' || target.front() == '\t'))
                target.remove_prefix(1);
            if (target.empty())
                problems.push_back(where + "link line without URL");
        }
    }
    if (preformatted)
        problems.emplace_back("preformatted block left open");
    return problems;
}

void check_well_formed_gemtext(const std::string& gmi)
{
    const auto problems = gemtext_problems(gmi);
    CHECK_MESSAGE(problems.empty(), "first problem: " << (problems.empty() ? "" : problems.front())
                                                      << "\n--- gemtext ---\n" << gmi);
}

} // namespace

TEST_CASE("gemtext_problems (test helper) finds each broken rule")
{
    using problems = std::vector<std::string>;
    CHECK(gemtext_problems("") == problems{});
    CHECK(gemtext_problems("# ok\n\ntext\n=> /x label\n```\ncode  \n\n\n```\n") == problems{});
    CHECK(gemtext_problems("bad \xFF\n") == problems{"invalid UTF-8"});
    CHECK(gemtext_problems("no newline") == problems{"does not end with exactly one newline"});
    CHECK(gemtext_problems("two\n\n") == problems{"does not end with exactly one newline"});
    CHECK(gemtext_problems("\nx\n") == problems{"starts with a blank line"});
    CHECK(gemtext_problems("x\r\n") == problems{"contains CR"});
    CHECK(gemtext_problems("a\n\n\nb\n") == problems{"line 3: second blank line in a row"});
    CHECK(gemtext_problems("a \n") == problems{"line 1: trailing whitespace"});
    CHECK(gemtext_problems("=>  \n") == problems{"line 1: trailing whitespace", "line 1: link line without URL"});
    CHECK(gemtext_problems("```\ncode\n") == problems{"preformatted block left open"});
}

TEST_CASE("skip_front_matter (test helper) drops exactly the +++ block")
{
    CHECK(skip_front_matter("+++\ntitle = \"x\"\n+++\n# Body\n") == "# Body\n");
    CHECK(skip_front_matter("+++\r\na = 1\r\n+++\r\nbody") == "body");
    CHECK(skip_front_matter("# No front matter\n+++\n") == "# No front matter\n+++\n");
    CHECK(skip_front_matter("+++\nunterminated\n") == "+++\nunterminated\n");
}

TEST_CASE("every example capsule article renders to well-formed gemtext")
{
    const fs::path root = fs::path{SMOLPUB_SOURCE_DIR} / "examples/capsule";
    const auto files = markdown_files_under(root);
    if (fs::is_directory(root))
        CHECK_MESSAGE(!files.empty(), "no .md file under " << root.string());
    else
        MESSAGE("examples/capsule does not exist yet; only the golden inputs are checked");
    for (const auto& md : files) {
        INFO("article: " << md.string());
        const std::string source = read_file(md);
        check_well_formed_gemtext(markdown_to_gemtext(skip_front_matter(source)));
        gemtext_options numbered;
        numbered.labels = link_labels::numbered;
        numbered.links = link_placement::section;
        check_well_formed_gemtext(markdown_to_gemtext(skip_front_matter(source), numbered));
    }
}

TEST_CASE("every golden input renders to well-formed gemtext in every link mode")
{
    const auto files = markdown_files_under(fs::path{SMOLPUB_SOURCE_DIR} / "tests/render/golden");
    REQUIRE_FALSE(files.empty());
    for (const auto& md : files) {
        const std::string source = read_file(md);
        for (auto placement : {link_placement::block, link_placement::section, link_placement::document,
                               link_placement::off}) {
            INFO("input: " << md.filename().string() << ", placement " << static_cast<int>(placement));
            gemtext_options options;
            options.links = placement;
            options.labels = link_labels::numbered;
            check_well_formed_gemtext(markdown_to_gemtext(source, options));
        }
    }
}

TEST_CASE("random Markdown soup renders to well-formed gemtext")
{
    // Fragments chosen to collide: container markers, fences, table pipes, raw HTML
    // that opens and never closes, invalid UTF-8. A fixed LCG keeps failures reproducible.
    static constexpr std::array<std::string_view, 46> fragments{
        "<a href=\"x y.md\">", "<a href=javascript:x>", "</a>", "<pre>", "</pre>", "\n<div>\n",
        "# ", "> ", "- ", "1. ", "  ", "    ", "\n", "\n\n", "  \n", "```", "~~~", "```c\n", "|", "|---|:-:|\n",
        "---\n", "[a](b.md)", "![x](y.png)", "[t](#f)", "[j](javascript:x)", "<https://a.example>", "<b>",
        "</b>", "<script>", "</script>", "<!--", "-->", "<br>", "&amp;", "&#x41;", "*", "**", "`", "\\",
        "\xE6\x97\xA5", "\xFF", "\t", "=> ", "[r]\n\n[r]: /x\n", "word ", "\r\n"};
    std::uint64_t state = 42;
    auto next = [&state](std::size_t bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((state >> 33) % bound);
    };
    for (int doc = 0; doc < 2000; ++doc) {
        std::string md;
        for (std::size_t n = 20 + next(200); n > 0; --n)
            md += fragments[next(fragments.size())];
        gemtext_options options;
        options.links = static_cast<link_placement>(next(4));
        options.labels = next(2) ? link_labels::numbered : link_labels::text;
        options.rewrite_link = [](std::string_view url) -> std::optional<std::string> {
            return "/" + std::string{url} + "\n x";  // a hostile hook: the line must survive it
        };
        INFO("document " << doc << ":\n" << md);
        check_well_formed_gemtext(markdown_to_gemtext(md, options));
    }
}
