// SPDX-License-Identifier: ISC
#include "content/toml_reads.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "content/dates.hpp"
#include "content/toml_words.hpp"

namespace smolpub::content {

namespace {

std::string_view type_name(toml::node_type type)
{
    switch (type) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time of day";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
    }
    return "nothing";
}

int to_int(std::uint32_t n)
{
    return n > static_cast<std::uint32_t>(std::numeric_limits<int>::max())
               ? std::numeric_limits<int>::max()
               : static_cast<int>(n);
}

timestamp from_toml(const toml::date& d)
{
    timestamp when;
    when.year = d.year;
    when.month = d.month;
    when.day = d.day;
    return when;
}

timestamp from_toml(const toml::date_time& dt)
{
    timestamp when = from_toml(dt.date);
    when.hour = dt.time.hour;
    when.minute = dt.time.minute;
    when.second = dt.time.second;
    when.has_time = true;
    if (dt.offset)
        when.offset_minutes = dt.offset->minutes;
    return when;
}

} // namespace

tl::expected<toml::table, diagnostic> parse_toml(std::string_view text,
                                                 const std::filesystem::path& file,
                                                 int line_offset)
{
    // toml++ stops at the first error. To report every broken line of a file at once, the
    // line at fault is blanked (keeping the line count) and the text parsed again, a few
    // times at most; an error that runs to the end of the text ends the search.
    constexpr int most_problems = 8;
    std::string copy;
    std::string_view current = text;
    std::optional<diagnostic> first;
    int last_line = 0;
    for (int round = 0; round < most_problems; ++round) {
        try {
            auto table = toml::parse(current);
            if (!first)
                return table;
            break;
        } catch (const toml::parse_error& e) {
            const auto& where = e.source().begin;
            const int line = to_int(where.line);
            if (first && line <= last_line)
                break;  // blanking did not move past it: what follows would be noise
            // Where toml++'s 1-based line starts (the end of the text when past it).
            std::size_t start = 0;
            for (int n = 1; n < line && start < current.size(); ++n) {
                const std::size_t newline = current.find('\n', start);
                start = newline == std::string_view::npos ? current.size() : newline + 1;
            }
            const std::size_t end = std::min(current.find('\n', start), current.size());
            const toml_problem words =
                toml_problem_in_words(e.description(), current.substr(start, end - start), to_int(where.column));
            diagnostic d{file, line + line_offset, words.column, words.message};
            if (!first)
                first = std::move(d);
            else
                first->also.push_back(std::move(d));
            last_line = line;
            if (std::string_view{e.description()}.find("end-of-file") != std::string_view::npos || end >= current.size())
                break;
            std::string blanked{current.substr(0, start)};
            blanked.append(current.substr(end));
            copy = std::move(blanked);  // `current` may view the old copy: replaced only now
            current = copy;
        }
    }
    return tl::unexpected(std::move(*first));
}

diagnostic toml_diagnostic(const toml::node& value, const std::filesystem::path& file, int line_offset,
                           std::string message)
{
    const auto& where = value.source().begin;
    // A node without a recorded position (line 0) keeps line 0: "unknown", not "offset".
    const int line = where.line == 0 ? 0 : to_int(where.line) + line_offset;
    return diagnostic{file, line, to_int(where.column), std::move(message)};
}

field_reader::field_reader(const toml::table& table, const std::filesystem::path& file,
                           int line_offset)
    : table_(table), file_(file), line_offset_(line_offset)
{
}

field_reader::field_reader(const toml::table& table, const std::filesystem::path& file, std::string_view name,
                           std::vector<diagnostic>& problems, const toml::table* defaults)
    : table_(table), file_(file), name_(name), problems_(&problems), defaults_(defaults)
{
}

const toml::node* field_reader::node(std::string_view key) const
{
    if (const toml::node* value = table_.get(key))
        return value;
    return defaults_ ? defaults_->get(key) : nullptr;
}

diagnostic field_reader::at(const toml::node& value, std::string message) const
{
    return toml_diagnostic(value, file_, line_offset_, std::move(message));
}

void field_reader::reject(const toml::node& value, std::string message)
{
    if (problems_)
        problems_->push_back(at(value, message));
    if (!problem_)
        problem_ = at(value, std::move(message));
}

std::string field_reader::named(std::string_view key) const
{
    return name_.empty() ? "'" + std::string(key) + "'" : std::string(name_) + "." + std::string(key);
}

void field_reader::wrong_type(std::string_view key, const toml::node& value,
                              std::string_view wanted)
{
    // smolpub.toml's messages never named the type found; content files' always did.
    std::string message = named(key) + " must be " + std::string(wanted);
    if (name_.empty())
        message += ", not " + std::string(type_name(value.type()));
    reject(value, std::move(message));
}

template <class T>
std::optional<T> field_reader::typed(std::string_view key, std::string_view wanted)
{
    const toml::node* value = node(key);
    if (!value)
        return std::nullopt;
    if (const auto* v = value->as<T>())
        return v->get();
    wrong_type(key, *value, wanted);
    return std::nullopt;
}

std::optional<std::string> field_reader::text_if(std::string_view key)
{
    return typed<std::string>(key, "a string");
}

std::string field_reader::text(std::string_view key)
{
    return text_if(key).value_or(std::string{});
}

std::string field_reader::text_or_list(std::string_view key)
{
    const toml::node* value = node(key);
    if (value && value->is_array()) {
        std::string joined;
        for (const std::string& item : text_list(key)) {
            if (!joined.empty())
                joined += ", ";
            joined += item;
        }
        return joined;
    }
    if (value && !value->is_string()) {
        wrong_type(key, *value, "a string or an array of strings");
        return {};
    }
    return text(key);
}

std::string field_reader::identifier(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return {};
    if (const auto* s = value->as_string())
        return s->get();
    if (const auto* i = value->as_integer())
        return std::to_string(i->get());
    wrong_type(key, *value, "a string or an integer");
    return {};
}

std::optional<bool> field_reader::flag_if(std::string_view key)
{
    return typed<bool>(key, name_.empty() ? "a boolean (true or false)" : "true or false");
}

bool field_reader::flag(std::string_view key, bool fallback)
{
    return flag_if(key).value_or(fallback);
}

std::optional<std::int64_t> field_reader::integer(std::string_view key)
{
    return typed<std::int64_t>(key, "an integer");
}

std::optional<std::int64_t> field_reader::integer_in(std::string_view key, std::int64_t min, std::int64_t max)
{
    const auto n = integer(key);
    if (n && (*n < min || *n > max)) {
        reject(*node(key), named(key) + " must be " + std::to_string(min) + ".." + std::to_string(max) + ", got " +
                               std::to_string(*n));
        return std::nullopt;
    }
    return n;
}

std::optional<std::size_t> field_reader::choice(std::string_view key, std::span<const std::string_view> words)
{
    const toml::node* value = node(key);
    if (!value)
        return std::nullopt;
    const auto* s = value->as_string();
    std::string names;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (s && s->get() == words[i])
            return i;
        names += names.empty() ? "" : ", ";
        names += '"' + std::string(words[i]) + '"';
    }
    reject(*value, named(key) + " must be one of " + names);
    return std::nullopt;
}

std::optional<std::vector<std::string>> field_reader::text_list_if(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return std::nullopt;
    const auto* items = value->as_array();
    if (!items) {
        wrong_type(key, *value, "an array of strings");
        return std::nullopt;
    }
    std::vector<std::string> out;
    out.reserve(items->size());
    bool all_strings = true;
    for (const toml::node& item : *items) {
        if (const auto* s = item.as_string()) {
            out.push_back(s->get());
            continue;
        }
        all_strings = false;
        if (!name_.empty())
            wrong_type(key, item, "an array of strings");  // every wrong item, each where it is
        else
            reject(item, named(key) + " must hold only strings, not " + std::string(type_name(item.type())));
    }
    // smolpub.toml keeps the strings it could read, so that checks across keys (hostnames
    // served once) still see them; a content file's list is all or nothing.
    if (!all_strings && name_.empty())
        return std::nullopt;
    return out;
}

std::vector<std::string> field_reader::text_list(std::string_view key)
{
    return text_list_if(key).value_or(std::vector<std::string>{});
}

std::optional<timestamp> field_reader::date(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return std::nullopt;
    if (const auto* d = value->as_date())
        return from_toml(d->get());
    if (const auto* dt = value->as_date_time())
        return from_toml(dt->get());
    if (const auto* s = value->as_string()) {
        if (auto parsed = parse_date_text(s->get()))
            return parsed;
        reject(*value, named(key) + " is not a date: \"" + s->get() +
                           "\" (write YYYY-MM-DD or a TOML date-time)");
        return std::nullopt;
    }
    wrong_type(key, *value, "a date");
    return std::nullopt;
}

const toml::table* field_reader::table(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return nullptr;
    if (const auto* t = value->as_table())
        return t;
    wrong_type(key, *value, "a table");
    return nullptr;
}

} // namespace smolpub::content
