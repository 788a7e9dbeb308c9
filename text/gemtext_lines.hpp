// SPDX-License-Identifier: ISC
#pragma once
// Reading gemtext line by line (Gemini spec, section 5.4): the one place that knows where a
// line ends, that a ``` line toggles preformatting, and how a link line splits into URL and
// label. Pure: views point into the caller's text.
#include <optional>
#include <string_view>

namespace smolpub::text {

/// One line of a gemtext document.
struct gemtext_line {
    std::string_view text;      ///< without its '\n' (a '\r' before it is kept)
    int number = 0;             ///< 1-based
    bool toggle = false;        ///< a ``` line: it switches preformatting on or off
    bool preformatted = false;  ///< inside a preformatted block; never set on a toggle
};

/// The lines of `gemtext` in order, for a range-for. A final '\n' ends the last line; it does
/// not start an empty one.
class gemtext_lines {
public:
    explicit gemtext_lines(std::string_view gemtext) : text_{gemtext} {}

    class iterator {
    public:
        const gemtext_line& operator*() const { return line_; }
        const gemtext_line* operator->() const { return &line_; }
        iterator& operator++();
        bool operator==(const iterator& other) const { return pos_ == other.pos_; }
    private:
        friend class gemtext_lines;
        iterator(std::string_view text, std::size_t pos);
        void read();
        std::string_view text_;
        std::size_t pos_;    ///< where line_ starts; text_.size() + 1 past the end
        std::size_t next_;   ///< where the line after it starts
        bool in_block_ = false;
        gemtext_line line_;
    };

    iterator begin() const { return iterator{text_, 0}; }
    iterator end() const { return iterator{text_, text_.size() + 1}; }
private:
    std::string_view text_;
};

/// A link line `=>[ ]URL[ label]`, split.
struct gemtext_link {
    std::string_view url;
    std::size_t url_at = 0;  ///< offset of the URL in the line (for a column in diagnostics)
    std::string_view rest;   ///< what follows the URL: empty, or whitespace and the label
};

/// The link on `line`, or nullopt when it is not a link line or names no URL. Only meaningful
/// outside preformatted blocks, which the caller knows from gemtext_line.
std::optional<gemtext_link> link_of(std::string_view line);

} // namespace smolpub::text
