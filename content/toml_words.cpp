// SPDX-License-Identifier: ISC
#include "content/toml_words.hpp"

#include <utility>

namespace smolpub::content {

namespace {

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/// What toml++ saw ("saw '2'" → "2"), or empty.
std::string_view saw(std::string_view description)
{
    const auto at = description.rfind("saw '");
    if (at == std::string_view::npos)
        return {};
    std::string_view rest = description.substr(at + 5);
    return rest.substr(0, rest.rfind('\''));
}

/// The column of the quote that opens the value of `key = "…` on `line`, or `fallback`.
int opening_quote(std::string_view line, int fallback)
{
    const auto equals = line.find('=');
    const auto quote = line.find_first_of("\"'", equals == std::string_view::npos ? 0 : equals);
    return quote == std::string_view::npos ? fallback : static_cast<int>(quote) + 1;
}

} // namespace

toml_problem toml_problem_in_words(std::string_view description, std::string_view line, int column)
{
    const bool at_line_end = column > static_cast<int>(line.size());
    if (has(description, "parsing string") || has(description, "parsing literal string")) {
        if (has(description, "end-of-file"))
            return {column, "the string that starts here is never closed: its closing quotes are missing"};
        if (at_line_end)
            return {opening_quote(line, column),
                    "the string that starts here has no closing quote on its line (a string that spans lines "
                    "needs \"\"\" quotes)"};
        if (has(description, "control characters"))
            return {column, "a string holds a control character: write it as an escape such as \\t or \\u0007"};
        if (has(description, "escape"))
            return {column, "this backslash starts no valid escape: write \\\\ for a backslash"};
    }
    if (has(description, "cannot redefine existing")) {
        const auto quote = description.find('\'');
        const std::string key = quote == std::string_view::npos
                                    ? std::string{"this key"}
                                    : "'" + std::string{description.substr(quote + 1, description.rfind('\'') - quote - 1)} + "'";
        return {column, key + " is given a second time: keep one"};
    }
    if (has(description, "parsing array") && has(description, "end-of-file"))
        return {column, "a list opened with '[' is not closed with ']' before the end"};
    // What toml++ says (a part of it), and what we say instead; the first that matches.
    static constexpr std::pair<std::string_view, std::string_view> reworded[] = {
        {"parsing array", "in a list: items are separated by commas and the list ends with ']'"},
        {"parsing inline table", "an inline table opened with '{' is not closed with '}' on its line"},
        {"parsing table header", "a [table] header is not closed with ']' on its line"},
        {"expected value", "the key has no value after its '='"},
        {"expected '='", "a key needs '=' between it and its value"},
    };
    for (const auto& [said, words] : reworded)
        if (has(description, said))
            return {column, std::string{words}};
    if (has(description, "expected a comment or whitespace"))
        return {column, "text follows the value ('" + std::string{saw(description)} +
                            "'): one line holds one key = value, and text goes in quotes"};
    if (has(description, "could not determine value type"))
        return {column, "this value is no quoted string, number, date, true/false or list: put text in quotes"};
    if (has(description, "parsing date") || has(description, "parsing time") || has(description, "date-time")) {
        const auto colon = description.find(": ");
        return {column, "not a valid date or time (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS)" +
                            (colon == std::string_view::npos ? std::string{}
                                                             : ": " + std::string{description.substr(colon + 2)})};
    }
    if (has(description, "expected keys, tables"))
        return {column, "a line must start with a key (such as title = \"…\") or a [table] header"};
    // Anything else: toml++'s own words, without its "Error while parsing" frame.
    constexpr std::string_view frame = "Error while parsing ";
    if (description.starts_with(frame))
        return {column, "TOML " + std::string{description.substr(frame.size())}};
    return {column, std::string{description}};
}

} // namespace smolpub::content
