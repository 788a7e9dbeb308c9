#include "content/toml_reads.hpp"

#include <limits>

#include "content/dates.hpp"

namespace smolpub::capsule {

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
    try {
        return toml::parse(text);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        return tl::unexpected(diagnostic{file, to_int(where.line) + line_offset,
                                         to_int(where.column), std::string(e.description())});
    }
}

field_reader::field_reader(const toml::table& table, const std::filesystem::path& file,
                           int line_offset)
    : table_(table), file_(file), line_offset_(line_offset)
{
}

const toml::node* field_reader::node(std::string_view key) const
{
    return table_.get(key);
}

diagnostic field_reader::at(const toml::node& value, std::string message) const
{
    const auto& where = value.source().begin;
    // A node without a recorded position (line 0) keeps line 0: "unknown", not "offset".
    const int line = where.line == 0 ? 0 : to_int(where.line) + line_offset_;
    return diagnostic{file_, line, to_int(where.column), std::move(message)};
}

void field_reader::reject(const toml::node& value, std::string message)
{
    if (!problem_)
        problem_ = at(value, std::move(message));
}

void field_reader::wrong_type(std::string_view key, const toml::node& value,
                              std::string_view wanted)
{
    reject(value, "'" + std::string(key) + "' must be " + std::string(wanted) + ", not " +
                      std::string(type_name(value.type())));
}

std::string field_reader::text(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return {};
    if (const auto* s = value->as_string())
        return s->get();
    wrong_type(key, *value, "a string");
    return {};
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

bool field_reader::flag(std::string_view key, bool fallback)
{
    const toml::node* value = node(key);
    if (!value)
        return fallback;
    if (const auto* b = value->as_boolean())
        return b->get();
    wrong_type(key, *value, "a boolean (true or false)");
    return fallback;
}

std::optional<std::int64_t> field_reader::integer(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return std::nullopt;
    if (const auto* i = value->as_integer())
        return i->get();
    wrong_type(key, *value, "an integer");
    return std::nullopt;
}

std::vector<std::string> field_reader::text_list(std::string_view key)
{
    const toml::node* value = node(key);
    if (!value)
        return {};
    const auto* items = value->as_array();
    if (!items) {
        wrong_type(key, *value, "an array of strings");
        return {};
    }
    std::vector<std::string> out;
    out.reserve(items->size());
    for (const toml::node& item : *items) {
        const auto* s = item.as_string();
        if (!s) {
            reject(item, "'" + std::string(key) + "' must hold only strings, not " +
                             std::string(type_name(item.type())));
            return {};
        }
        out.push_back(s->get());
    }
    return out;
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
        reject(*value, "'" + std::string(key) + "' is not a date: \"" + s->get() +
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

} // namespace smolpub::capsule
