// SPDX-License-Identifier: ISC
#pragma once
// Raw HTML -> visible text, for the HTML that Markdown lets through. Pure: no I/O.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::render {

/// An `<a href>` or `</a>` met while converting: where it was in the text produced.
struct html_anchor {
    bool opens = false;
    std::string href;     ///< entity-decoded, as written; empty for a closing tag
    std::size_t at = 0;   ///< the size of `out` when the tag was read
};

/// A streaming HTML-to-text converter. cmark hands inline HTML over one tag at a
/// time (`<script>`, then the text, then `</script>`), so the state survives
/// between calls to `feed` until `reset`.
class html_text {
public:
    /// Appends the visible text of `html` to `out`: tags stripped, comments and the
    /// contents of <script>/<style> dropped, entities decoded, source line breaks
    /// turned into spaces (except inside <pre>), and '\n' for <br> and block-level tags.
    void feed(std::string_view html, std::string& out);

    /// True while inside a <script> or <style> element or a comment: text the
    /// Markdown parser saw between two inline tags must be dropped.
    bool hiding_text() const { return state_ != state::text; }

    /// The anchors read since the last call, in order, so raw-HTML links are not lost.
    std::vector<html_anchor> take_anchors();

    /// A stretch of the produced text, [begin, end) in bytes.
    struct range {
        std::size_t begin = 0;
        std::size_t end = 0;
    };
    /// The stretches that were inside <pre> since the last call, where line breaks are
    /// the source's own; an unclosed <pre> ends at `text_size`.
    std::vector<range> take_preformatted(std::size_t text_size);

    void reset() { *this = html_text{}; }

private:
    enum class state { text, tag, comment, raw_text, declaration };
    static constexpr std::size_t max_tag_size = 4096;

    state state_ = state::text;
    std::string tag_;       // the tag being read, without '<' and '>'
    char quote_ = 0;        // the quote of an attribute value in progress, if any
    std::string raw_end_;   // "</script" or "</style" while in raw_text
    std::vector<html_anchor> anchors_;
    std::size_t pre_depth_ = 0;
    std::size_t pre_start_ = 0;
    std::vector<range> pre_ranges_;

    void finish_tag(std::string& out);
    void append_text(std::string_view text, std::string& out) const;
};

/// Decodes HTML character references (`&amp;`, `&#233;`, `&#x1F600;`, common named ones)
/// in `text`, appending to `out`; unknown references stay as written.
void append_html_unescaped(std::string_view text, std::string& out);

/// Appends the UTF-8 encoding of `code_point` (U+FFFD for surrogates and out-of-range values).
void append_utf8(char32_t code_point, std::string& out);

} // namespace smolpub::render
