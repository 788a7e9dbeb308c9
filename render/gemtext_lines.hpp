// SPDX-License-Identifier: ISC
#pragma once
// The output side of the gemtext writer: the line being built, the blank lines between
// blocks, the `> ` of quotes, preformatted blocks and `=>` lines. Pure: no I/O.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace smolpub::render::gemtext_detail {

inline constexpr std::string_view zero_width_space = "\xE2\x80\x8B";

/// The start of a line being built. It only becomes text when the line has some,
/// so 10,000 nested items with nothing to say cost no 10,000 marker strings.
struct line_start {
    std::size_t heading_level = 0;  ///< 1-3: "# " to "### "
    std::size_t list_depth = 0;     ///< 1: "* ", 2: "* ◦ ", 3: "* ◦ ◦ ", ...
    int number = -1;                ///< an ordered item's number: "3. " after the list marker
};

/// A `=> url [number] label` line waiting for the end of its block.
struct queued_link {
    std::string url;
    std::string label;
    std::size_t number = 0;
};

/// The gemtext written so far and the one line being built.
class gemtext_lines {
public:
    /// `expected_size`: about how long the gemtext will be, so the output grows once.
    explicit gemtext_lines(std::size_t expected_size) { out_.reserve(expected_size); }

    /// Starts a new line; `escaped`: a plain text line, guarded against reading as syntax.
    void open(line_start start, bool escaped)
    {
        line_.clear();
        start_ = start;
        line_open_ = true;
        line_escaped_ = escaped;
    }
    /// Writes the open line, if it has any text, with its start and the quote prefix.
    void flush();
    /// Whether a line is being built.
    bool is_open() const { return line_open_; }
    /// The text of the line being built (meaningful while is_open()).
    std::string& text() { return line_; }
    /// How the line being built starts.
    const line_start& start() const { return start_; }

    /// Asks for a blank line before the next line (never doubled, never trailing).
    void request_gap()
    {
        gap_depth_ = gap_pending_ ? std::min(gap_depth_, quote_depth_) : quote_depth_;
        gap_pending_ = true;
    }
    /// Drops a requested blank line (link lines stick to their block).
    void cancel_gap() { gap_pending_ = false; }

    void enter_quote() { ++quote_depth_; }
    void exit_quote() { --quote_depth_; }
    std::size_t quote_depth() const { return quote_depth_; }

    /// A `=>` line; it cannot be quoted.
    void emit_link_line(const queued_link& link);

    /// A preformatted block: `produce(sink)` calls `sink(line)` per line. Inside a quote its
    /// lines go out without `> `: the quote closes for the block and the next quote line
    /// reopens it.
    template <class Produce> void write_preformatted(std::string_view alt, Produce produce)
    {
        write_gap_if_pending();
        (out_ += "```") += alt;
        out_ += '\n';
        produce([&](std::string_view line) {
            if (line.starts_with("```"))
                out_ += zero_width_space;
            (out_ += line) += '\n';
        });
        emit_unquoted("```");
    }

    std::string take() && { return std::move(out_); }

private:
    std::string out_;

    // Blank lines are written lazily, just before the next line, so none ever doubles
    // or trails. Inside a quote the blank line is a bare `>` of the shallower depth.
    bool gap_pending_ = false;
    std::size_t gap_depth_ = 0;
    std::size_t quote_depth_ = 0;

    std::string line_;
    line_start start_;
    std::string start_text_;  // the written form of start_, built in flush(): no allocation per line
    bool line_open_ = false;
    bool line_escaped_ = false;

    void write_gap_if_pending();
    /// A line inside the current quotes: `head` then `rest`.
    void emit(std::string_view head, std::string_view rest);
    /// A line that cannot be prefixed: link lines and preformatted text.
    void emit_unquoted(std::string_view line);
};

} // namespace smolpub::render::gemtext_detail
