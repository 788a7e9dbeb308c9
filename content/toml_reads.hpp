// SPDX-License-Identifier: ISC
#pragma once
// Typed reads of known keys from a parsed TOML table, with file:line:col diagnostics: the one
// TOML reader of smolpub.toml, front matter, comment archives and _category.toml.
// Internal to content/: toml++ types stay in this folder.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>
#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/model.hpp"

namespace smolpub::content {

/// Parses `text` as TOML. Errors point into `file`, `line_offset` lines further down than
/// toml++ counts (front matter starts below the opening `+++`).
tl::expected<toml::table, diagnostic> parse_toml(std::string_view text,
                                                 const std::filesystem::path& file,
                                                 int line_offset);

/// A diagnostic at `value`, a node of TOML that starts `line_offset` lines into `file`.
diagnostic toml_diagnostic(const toml::node& value, const std::filesystem::path& file, int line_offset,
                           std::string message);

/// Reads known keys of one table. Absent keys give the fallback; a key with the wrong type
/// gives the fallback too and records a diagnostic naming the key and where its value sits.
class field_reader {
public:
    /// For content files: messages say `'key' must be a string, not an integer`, and only the
    /// first problem is kept: callers reject the whole table when there is one.
    field_reader(const toml::table& table, const std::filesystem::path& file, int line_offset);
    /// For smolpub.toml's table `[name]`: messages say `name.key must be a string`, and every
    /// problem is added to `problems` (one run reports them all). A key absent from `table` is
    /// read from `defaults` when that has it.
    field_reader(const toml::table& table, const std::filesystem::path& file, std::string_view name,
                 std::vector<diagnostic>& problems, const toml::table* defaults = nullptr);

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

    /// The same reads, nullopt when the key is absent or its value is wrong (recorded).
    std::optional<std::string> text_if(std::string_view key);
    std::optional<bool> flag_if(std::string_view key);
    std::optional<std::vector<std::string>> text_list_if(std::string_view key);
    /// An integer in min..max.
    std::optional<std::int64_t> integer_in(std::string_view key, std::int64_t min, std::int64_t max);
    /// The index of the string in `words` the value is.
    std::optional<std::size_t> choice(std::string_view key, std::span<const std::string_view> words);
    /// A TOML date, offset or local date-time, or a "YYYY-MM-DD" string (see parse_date_text).
    std::optional<timestamp> date(std::string_view key);
    /// A sub-table, or nullptr (absent, or wrong type: recorded).
    const toml::table* table(std::string_view key);

    /// Records a problem with a value read earlier (e.g. a slug with a '/').
    void reject(const toml::node& value, std::string message);
    /// The node under `key` (or its default), for reject(); nullptr when absent.
    const toml::node* node(std::string_view key) const;

    /// A diagnostic at `value` in the file.
    diagnostic at(const toml::node& value, std::string message) const;

    const std::optional<diagnostic>& problem() const { return problem_; }

private:
    /// How messages name `key`: 'key' or name.key.
    std::string named(std::string_view key) const;
    void wrong_type(std::string_view key, const toml::node& value, std::string_view wanted);
    /// `key`'s value when it is a `T`; nothing when it is missing, or of another type (a
    /// problem then says it must be `wanted`).
    template <class T>
    std::optional<T> typed(std::string_view key, std::string_view wanted);

    const toml::table& table_;
    const std::filesystem::path& file_;
    int line_offset_ = 0;
    std::string_view name_;                         ///< empty: a content file
    std::vector<diagnostic>* problems_ = nullptr;   ///< every problem (smolpub.toml)
    const toml::table* defaults_ = nullptr;
    std::optional<diagnostic> problem_;
};

} // namespace smolpub::content
