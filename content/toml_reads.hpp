#pragma once
// Typed reads of known keys from a parsed TOML table, for front matter, comment archives
// and _category.toml. Internal to content/: toml++ types stay in this folder.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>
#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/model.hpp"

namespace smolpub::capsule {

/// Parses `text` as TOML. Errors point into `file`, `line_offset` lines further down than
/// toml++ counts (front matter starts below the opening `+++`).
tl::expected<toml::table, diagnostic> parse_toml(std::string_view text,
                                                 const std::filesystem::path& file,
                                                 int line_offset);

/// Reads known keys of one table. Absent keys give the fallback; a key with the wrong type
/// gives the fallback too and records a diagnostic naming the key and where its value sits.
/// Only the first problem is kept: callers reject the whole table when there is one.
class field_reader {
public:
    field_reader(const toml::table& table, const std::filesystem::path& file, int line_offset);

    /// A string.
    std::string text(std::string_view key);
    /// A string, or an array of strings joined with ", " (Hugo themes write authors as lists).
    std::string text_or_list(std::string_view key);
    /// A string or an integer, as text (comment ids are written both ways).
    std::string identifier(std::string_view key);
    bool flag(std::string_view key, bool fallback);
    std::optional<std::int64_t> integer(std::string_view key);
    /// An array of strings.
    std::vector<std::string> text_list(std::string_view key);
    /// A TOML date, offset or local date-time, or a "YYYY-MM-DD" string (see parse_date_text).
    std::optional<timestamp> date(std::string_view key);
    /// A sub-table, or nullptr (absent, or wrong type: recorded).
    const toml::table* table(std::string_view key);

    /// Records a problem with a value read earlier (e.g. a slug with a '/').
    void reject(const toml::node& value, std::string message);
    /// The node under `key`, for reject(); nullptr when absent.
    const toml::node* node(std::string_view key) const;

    /// A diagnostic at `value` in the file.
    diagnostic at(const toml::node& value, std::string message) const;

    const std::optional<diagnostic>& problem() const { return problem_; }

private:
    void wrong_type(std::string_view key, const toml::node& value, std::string_view wanted);

    const toml::table& table_;
    const std::filesystem::path& file_;
    int line_offset_;
    std::optional<diagnostic> problem_;
};

} // namespace smolpub::capsule
