// SPDX-License-Identifier: ISC
// Imported WordPress bodies are tag soup written by people and plugins over a decade, so the
// importer's whole body path is fuzzed: shortcodes -> wpautop -> HTML -> Markdown, and the
// Markdown it makes must render to valid gemtext.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "import/html_markdown.hpp"
#include "import/json_values.hpp"
#include "import/shortcodes.hpp"
#include "import/wpautop.hpp"
#include "render/gemtext.hpp"
#include "text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    const auto gallery = [](const std::vector<std::string>& ids) {
        std::vector<smolpub::import::gallery_image> images;
        for (const auto& id : ids)
            images.push_back({"https://x.example/" + id + ".jpg", "image " + id});
        return images;
    };
    auto expanded = smolpub::import::expand_shortcodes(input, gallery);
    // Odd inputs take the block-editor path (no wpautop), even ones the classic one.
    const std::string html = (size % 2) ? expanded.html : smolpub::import::wpautop(expanded.html);
    smolpub::import::markdown_options options;
    options.rewrite_url = [](std::string_view url, smolpub::import::url_use) { return std::string{url}; };
    // The footnotes meta is JSON from the same export: the input read as JSON too, and one
    // note whose marker the input may name (#f1).
    for (const auto& note : smolpub::import::json_array_of_objects(input))
        options.footnotes.push_back({smolpub::import::json_field(note, "id").value_or(""),
                                     smolpub::import::json_field(note, "content").value_or("")});
    options.footnotes.push_back({"f1", "A <em>note</em> <a href=\"#f1-link\">back</a>"});
    options.post_title = "Title";
    options.post_date = "2009-03-10";
    const std::string markdown = smolpub::import::html_to_markdown(html, options);
    FUZZ_CHECK(markdown.empty() || markdown.back() == '\n', input);
    // libxml2 hands over UTF-8 (invalid bytes replaced), so the Markdown is UTF-8 too.
    FUZZ_CHECK(smolpub::text::is_valid_utf8(markdown), input);
    const std::string gemtext = smolpub::render::markdown_to_gemtext(markdown, {});
    FUZZ_CHECK(gemtext.empty() || gemtext.back() == '\n', input);
    return 0;
}
