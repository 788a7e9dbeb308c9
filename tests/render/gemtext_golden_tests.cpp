// SPDX-License-Identifier: ISC
// Golden files: tests/render/golden/<rule>[.<option>...].md beside <same stem>.gmi,
// compared byte for byte. The dotted words after the rule name pick options
// (numbered, section, document, off, strip), so one folder covers every mode.
// UPDATE_GOLDEN=1 rewrites the .gmi files; review the change with git diff.
#include "render/gemtext.hpp"
#include "tests/support/files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace smolpub::render;

using smolpub::test::read_file;

namespace {

gemtext_options options_for(const fs::path& md)
{
    gemtext_options options;
    // The capsule's hook, in miniature: Markdown pages are served as .gmi.
    options.rewrite_link = [](std::string_view url) -> std::optional<std::string> {
        const auto end = url.find_first_of("?#");
        std::string path{url.substr(0, end)};
        path.replace(path.size() - 3, 3, ".gmi");
        return path + std::string{end == std::string_view::npos ? std::string_view{} : url.substr(end)};
    };
    std::string stem = md.stem().string();
    std::istringstream words{stem};
    std::string word;
    std::getline(words, word, '.');  // the rule's name
    while (std::getline(words, word, '.')) {
        if (word == "numbered")
            options.labels = link_labels::numbered;
        else if (word == "section")
            options.links = link_placement::section;
        else if (word == "document")
            options.links = link_placement::document;
        else if (word == "off")
            options.links = link_placement::off;
        else if (word == "strip")
            options.emphasis = emphasis_markers::strip;
        else
            FAIL("unknown option word '" << word << "' in " << md.filename().string());
    }
    return options;
}

} // namespace

TEST_CASE("gemtext golden files render byte for byte")
{
    const fs::path dir = fs::path{SMOLPUB_SOURCE_DIR} / "tests/render/golden";
    const bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::directory_iterator{dir})
        if (entry.path().extension() == ".md")
            inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 15);

    for (const auto& md : inputs) {
        const fs::path gmi = fs::path{md}.replace_extension(".gmi");
        const std::string actual = markdown_to_gemtext(read_file(md), options_for(md));
        if (update) {
            std::ofstream{gmi, std::ios::binary} << actual;
            continue;
        }
        INFO("golden: " << md.filename().string());
        REQUIRE_MESSAGE(fs::exists(gmi), "missing " << gmi.string() << " (run with UPDATE_GOLDEN=1)");
        const std::string expected = read_file(gmi);
        CHECK_MESSAGE(actual == expected, "--- expected ---\n" << expected << "--- actual ---\n" << actual << "---");
    }
}
