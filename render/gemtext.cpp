// SPDX-License-Identifier: ISC
// Markdown -> gemtext. One cmark_iter loop feeds a writer whose enter()/exit()
// switches (below) hold every mapping decision, so this file reads as the conversion spec;
// the blocks are written in gemtext_blocks.cpp, the inlines in gemtext_inlines.cpp:
//
// - Headings: `#`, `##`, `###`; levels 4-6 clamp to `###`; inline markup flattened.
// - Paragraphs: one line each; a soft break is a space, a hard break a new line.
// - Links: queued and emitted as `=> URL label` lines after the top-level block that
//   holds them (or per section / at the end / never, see link_placement). A paragraph
//   or list item made only of links becomes just the link lines (outside quotes,
//   where a link line would end the quote).
// - Images: like links, labelled by alt text or file name (which also stands in the
//   prose for an inline image without alt text).
// - Link targets: `#fragment`-only, empty, javascript: and data: links keep their text
//   but get no line; relative `*.md` links go through options.rewrite_link; spaces and
//   control characters are percent-encoded (gemtext_url.*).
// - Lists: `* item`; ordered items keep their number (`* 3. item`); nesting is shown
//   after the marker, one `◦ ` per level below the top (`* ◦ child`, `* ◦ ◦ grandchild`),
//   so every line stays a gemtext list line. An item's paragraphs join into one line;
//   text after a nested list or code block goes on a new `* ` line of the same depth.
//   No blank lines inside a list.
// - Quotes: `> ` per level; a bare `>` between blocks. Code and tables inside a quote
//   close the quote, are written as a real preformatted block (quote lines would be
//   reflowed by clients and lose their indentation), and the quote reopens after them.
// - A code block or table that starts a list item keeps the item's marker line, labelled
//   by what follows (`* table`, `* 2. python`).
// - Code: ``` blocks with the info string's first word as alt text, content verbatim
//   (CRLF -> LF) except that a line starting with ``` gets a U+200B in front.
// - Control characters other than tab and line feed become U+FFFD everywhere.
// - Tables (a paragraph whose second line is a GFM delimiter row): a ```table block.
// - Raw HTML: tags stripped, comments/script/style dropped, entities decoded, <br> breaks;
//   `<a href>` anchors are links like Markdown ones; `<pre>` becomes a ``` block.
// - A text line that would read as gemtext syntax gets a U+200B in front.
//
// No recursion anywhere: cmark's iterator walks the tree and the writer keeps only
// counters and small stacks, so 10,000 nested quotes or lists cost nothing special.
#include "render/gemtext.hpp"

#include <cmark.h>

#include <memory>
#include <string>

#include "render/cmark_arena.hpp"
#include "render/gemtext_text.hpp"
#include "render/gemtext_writer.hpp"
#include "text/c_ptr.hpp"
#include "text/utf8.hpp"

namespace smolpub::render {

namespace gemtext_detail {

void gemtext_writer::enter(cmark_node* node)
{
    switch (type_of(node)) {
    case CMARK_NODE_DOCUMENT:
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        flush_item_line();
        lines_.enter_quote();
        break;
    case CMARK_NODE_LIST:
        enter_list(node);
        break;
    case CMARK_NODE_ITEM:
        enter_item(node);
        break;
    case CMARK_NODE_CODE_BLOCK:
        write_code_block(node);
        break;
    case CMARK_NODE_HTML_BLOCK:
        write_html_block(node);
        finish_block(node);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        write_thematic_break(node);
        break;
    case CMARK_NODE_PARAGRAPH:
        enter_paragraph(node);
        break;
    case CMARK_NODE_HEADING:
        enter_heading(node);
        break;
    case CMARK_NODE_TEXT:
        write_text_node(node);
        break;
    case CMARK_NODE_SOFTBREAK:
        soft_break();
        break;
    case CMARK_NODE_LINEBREAK:
        hard_break();
        break;
    case CMARK_NODE_CODE:
        write_code_span(node);
        break;
    case CMARK_NODE_HTML_INLINE:
        write_inline_html(literal_of(node));
        break;
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        put_emphasis_marker(node);
        break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        enter_link(node);
        break;
    default:
        break;  // custom nodes: their children still render
    }
}

void gemtext_writer::exit(cmark_node* node)
{
    switch (type_of(node)) {
    case CMARK_NODE_DOCUMENT:
        emit_link_queue_as_block();
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        lines_.exit_quote();
        finish_block(node);
        break;
    case CMARK_NODE_LIST:
        lists_.pop_back();
        finish_block(node);
        break;
    case CMARK_NODE_ITEM:
        exit_item();
        break;
    case CMARK_NODE_PARAGRAPH:
        exit_paragraph(node);
        finish_block(node);
        break;
    case CMARK_NODE_HEADING:
        exit_heading(node);
        finish_block(node);
        break;
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        put_emphasis_marker(node);
        break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        close_html_anchors();
        exit_link();
        break;
    default:
        break;
    }
}

} // namespace gemtext_detail

using text::is_valid_utf8;
using namespace gemtext_detail;

namespace {

using parser_ptr = text::c_ptr<cmark_parser, cmark_parser_free>;
using iter_ptr = text::c_ptr<cmark_iter, cmark_iter_free>;

} // namespace

std::string markdown_to_gemtext(std::string_view markdown, const gemtext_options& options)
{
    // The whole tree lives in the arena and goes with it: no node-by-node free.
    cmark_arena arena;
    cmark_node* document = nullptr;
    {
        // cmark's validation replaces each ill-formed sequence with U+FFFD as it reads
        // a line; on well-formed input it changes nothing and still costs a slow byte
        // loop, so it is asked for only when the one fast check finds something to fix.
        const int parse_options = is_valid_utf8(markdown) ? CMARK_OPT_DEFAULT : CMARK_OPT_VALIDATE_UTF8;
        const parser_ptr parser{cmark_parser_new_with_mem(parse_options, arena.mem())};
        cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
        document = cmark_parser_finish(parser.get());
    }
    if (!document)
        return {};
    // Gemtext is about as long as its Markdown (markers go, link lines come).
    gemtext_writer writer{options, markdown, markdown.size() + markdown.size() / 8};
    const iter_ptr iter{cmark_iter_new(document)};
    for (auto event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE; event = cmark_iter_next(iter.get())) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        if (event == CMARK_EVENT_ENTER)
            writer.enter(node);
        else
            writer.exit(node);
    }
    std::string gemtext = std::move(writer).take();
    replace_control_characters(gemtext);
    return gemtext;
}

} // namespace smolpub::render
