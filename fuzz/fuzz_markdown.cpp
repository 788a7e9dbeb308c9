// SPDX-License-Identifier: ISC
// A capsule's Markdown is written by its owner, but often converted from old blogs by tools,
// so the whole path a post takes is fuzzed: front matter split, Markdown -> gemtext in several
// option combinations, then gemtext -> Gopher menu and plain text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "content/content.hpp"
#include "fuzz/fuzz_check.hpp"
#include "render/gemtext.hpp"
#include "render/gopher.hpp"
#include "text/utf8.hpp"

namespace {

namespace text = smolpub::text;
namespace render = smolpub::render;

/// The contract of markdown_to_gemtext: valid UTF-8, and empty or ending in exactly one '\n'.
void check_gemtext(const std::string& gemtext, std::string_view input)
{
    FUZZ_CHECK(text::is_valid_utf8(gemtext), input);
    FUZZ_CHECK(gemtext.empty() || gemtext.back() == '\n', input);
    FUZZ_CHECK(!gemtext.ends_with("\n\n"), input);
}

/// Every menu line is `<type><display>\t<selector>\t<host>\t<port>\r\n`.
void check_menu(const std::string& menu, std::string_view input, bool utf8_in)
{
    FUZZ_CHECK(smolpub::fuzz::crlf_lines(menu), input);
    std::size_t start = 0;
    while (start < menu.size()) {
        const std::size_t end = menu.find("\r\n", start);
        const std::string_view line = std::string_view{menu}.substr(start, end - start);
        FUZZ_CHECK(std::count(line.begin(), line.end(), '\t') == 3, input);
        start = end + 2;
    }
    if (utf8_in)
        FUZZ_CHECK(text::is_valid_utf8(menu), input);
}

/// Plain text: CRLF lines, and no line a client could take for the end-of-text ".".
void check_text(const std::string& text, std::string_view input, bool utf8_in)
{
    FUZZ_CHECK(smolpub::fuzz::crlf_lines(text), input);
    FUZZ_CHECK(!text.starts_with('.') && text.find("\n.") == std::string::npos, input);
    if (utf8_in)
        FUZZ_CHECK(text::is_valid_utf8(text), input);
}

bool has_bare_cr(std::string_view s)
{
    for (std::size_t i = s.find('\r'); i != std::string_view::npos; i = s.find('\r', i + 1))
        if (i + 1 == s.size() || s[i + 1] != '\n')
            return true;
    return false;
}

void check_gopher(std::string_view gemtext, std::string_view input, std::size_t width)
{
    render::gopher_options options;
    options.width = width;
    options.host = "example.org";
    options.own_hosts = {"example.org"};
    options.resolve_local = [](std::string_view path) -> std::optional<render::gopher_item> {
        if (!path.ends_with(".gmi"))
            return std::nullopt;
        return render::gopher_item{'0', "", std::string{path}, "example.org", 70};
    };
    const bool utf8_in = text::is_valid_utf8(gemtext);
    check_menu(render::gemtext_to_menu(gemtext, options), input, utf8_in);
    // A CR that does not end a line is not a gemtext line break, and type-0 text passes it
    // through as text; markdown_to_gemtext never makes one, so only raw input is spared.
    const std::string text = render::gemtext_to_text(gemtext, options);
    if (!has_bare_cr(gemtext))
        check_text(text, input, utf8_in);
}

/// Options picked by one byte of the input, so the fuzzer explores every combination.
render::gemtext_options options_from(std::uint8_t bits)
{
    render::gemtext_options o;
    o.links = static_cast<render::link_placement>(bits & 3);
    o.labels = (bits & 4) ? render::link_labels::numbered : render::link_labels::text;
    o.emphasis = (bits & 8) ? render::emphasis_markers::strip : render::emphasis_markers::keep;
    if (bits & 16)
        o.thematic_break = "";
    if (bits & 32)
        o.rewrite_link = [](std::string_view url) -> std::optional<std::string> {
            if (!url.ends_with(".md"))
                return std::nullopt;
            return std::string{url.substr(0, url.size() - 3)} + ".gmi";
        };
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    const auto parsed = smolpub::content::parse_markdown_file(input, "fuzz.md");
    if (parsed) {
        FUZZ_CHECK(parsed->body_line >= 1, input);
        FUZZ_CHECK(parsed->body.size() <= input.size(), input);
    } else {
        FUZZ_CHECK(!parsed.error().message.empty(), input);
    }
    // Without valid front matter, the whole input still makes a fine Markdown document.
    const std::string_view body = parsed ? std::string_view{parsed->body} : input;

    // One rendering per input: under ASan each markdown_to_gemtext costs milliseconds (its
    // cmark arena maps a fresh 1 MiB block), so the options come from the input instead.
    const std::uint8_t bits = size ? data[size - 1] : 0;
    const std::string gemtext = render::markdown_to_gemtext(body, options_from(bits));
    check_gemtext(gemtext, input);
    check_gopher(gemtext, input, (bits & 64) ? 1 + bits % 40 : 67);

    // The input as gemtext too: Gopher rendering gets lines markdown_to_gemtext never makes.
    check_gopher(input, input, 67);
    return 0;
}
