// SPDX-License-Identifier: ISC
#pragma once
// toml++'s syntax errors said in a writer's words. toml++ reports what its parser met
// ("Error while parsing string: unescaped control characters other than TAB (U+0009) are
// explicitly prohibited"); a writer who forgot a closing quote needs to hear that, at the
// quote that opens the string.
#include <string>
#include <string_view>

namespace smolpub::content {

struct toml_problem {
    int column = 0;  ///< 1-based, on the same line
    std::string message;
};

/// The problem toml++ described as `description` at `column` of `line` (the line's text,
/// without its newline), in plain words, and where it starts.
toml_problem toml_problem_in_words(std::string_view description, std::string_view line, int column);

} // namespace smolpub::content
