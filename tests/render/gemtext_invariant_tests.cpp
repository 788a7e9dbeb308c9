// Whole articles through the renderer: whatever the Markdown, the gemtext must be
// well-formed. Runs over the example capsule (once it exists) and the golden inputs.
#include "render/gemtext.hpp"
#include "render/text.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace smolpub::render;

namespace {

std::string read_file(const fs::path& path)
{
    std::ifstream in{path, std::ios::binary};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

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

void check_well_formed_gemtext(const std::string& gmi)
{
    CHECK(is_valid_utf8(gmi));
    if (gmi.empty())
        return;
    CHECK(gmi.back() == '\n');
    CHECK_FALSE(gmi.ends_with("\n\n"));
    CHECK_FALSE(gmi.starts_with("\n"));
    CHECK(gmi.find("\n\n\n") == std::string::npos);
    CHECK(gmi.find('\r') == std::string::npos);

    bool preformatted = false;
    std::size_t line_number = 0;
    std::string_view rest = gmi;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        const std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl + 1);
        ++line_number;
        INFO("line " << line_number << ": " << std::string{line});
        if (line.starts_with("```")) {
            preformatted = !preformatted;
            continue;
        }
        if (preformatted)
            continue;  // code is verbatim, trailing spaces and all
        CHECK_FALSE(line.ends_with(' '));
        CHECK_FALSE(line.ends_with('\t'));
        if (line.starts_with("=>")) {
            std::string_view target = line.substr(2);
            while (!target.empty() && (target.front() == ' ' || target.front() == '\t'))
                target.remove_prefix(1);
            CHECK_FALSE(target.empty());
        }
    }
    CHECK_FALSE(preformatted);  // every block is closed
}

} // namespace

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
