// SPDX-License-Identifier: ISC
#include "import/json_values.hpp"

#include <cstdint>

#include "import/entities.hpp"

namespace smolpub::import {
namespace {

using fields = std::vector<std::pair<std::string, std::string>>;

// Past this depth a value is malformed to us: no input can recurse the reader off the stack.
constexpr int max_json_depth = 32;

class json_reader {
public:
    explicit json_reader(std::string_view text) : text_(text) {}

    void space()
    {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
            ++at_;
    }
    bool take(char c)
    {
        space();
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    char peek()
    {
        space();
        return at_ < text_.size() ? text_[at_] : '\0';
    }
    bool at_end()
    {
        space();
        return at_ == text_.size();
    }

    std::optional<std::string> string()
    {
        if (!take('"'))
            return fail();
        std::string out;
        while (at_ < text_.size()) {
            const char c = text_[at_++];
            if (c == '"')
                return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ >= text_.size())
                break;
            const char e = text_[at_++];
            switch (e) {
            case '"': case '\\': case '/': out += e; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                auto unit = hex4();
                if (!unit)
                    return fail();
                std::uint32_t cp = *unit;
                if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(at_, 2) == "\\u") {
                    at_ += 2;
                    const auto low = hex4();
                    if (!low || *low < 0xDC00 || *low > 0xDFFF)
                        return fail();
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
                }
                append_utf8(out, cp);  // a lone surrogate or \u0000 becomes U+FFFD
                break;
            }
            default: return fail();
            }
        }
        return fail();
    }

    /// Skips any value; false when malformed.
    bool skip(int depth)
    {
        if (depth > max_json_depth)
            return false;
        const char c = peek();
        if (c == '"')
            return string().has_value();
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++at_;
            if (take(close))
                return true;
            do {
                if (c == '{' && (!string() || !take(':')))
                    return false;
                if (!skip(depth + 1))
                    return false;
            } while (take(','));
            return take(close);
        }
        const std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '}' && text_[at_] != ']' && text_[at_] != ' ' &&
               text_[at_] != '\n' && text_[at_] != '\t' && text_[at_] != '\r')
            ++at_;
        return at_ > start;
    }

    std::optional<fields> object(int depth)
    {
        fields out;
        if (!take('{'))
            return std::nullopt;
        if (take('}'))
            return out;
        do {
            auto key = string();
            if (!key || !take(':'))
                return std::nullopt;
            if (peek() == '"') {
                auto value = string();
                if (!value)
                    return std::nullopt;
                out.emplace_back(std::move(*key), std::move(*value));
            } else if (!skip(depth + 1)) {
                return std::nullopt;
            }
        } while (take(','));
        if (!take('}'))
            return std::nullopt;
        return out;
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;

    static std::nullopt_t fail() { return std::nullopt; }

    std::optional<std::uint32_t> hex4()
    {
        if (at_ + 4 > text_.size())
            return std::nullopt;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = text_[at_++];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') v |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') v |= static_cast<std::uint32_t>(h - 'A' + 10);
            else return std::nullopt;
        }
        return v;
    }
};

} // namespace

std::vector<std::pair<std::string, std::string>> json_object_strings(std::string_view json)
{
    json_reader in{json};
    auto out = in.object(0);
    if (!out || !in.at_end())
        return {};
    return std::move(*out);
}

std::vector<std::vector<std::pair<std::string, std::string>>> json_array_of_objects(std::string_view json)
{
    json_reader in{json};
    std::vector<fields> out;
    if (!in.take('['))
        return {};
    if (in.take(']'))
        return out;
    do {
        if (in.peek() != '{')
            return {};
        auto object = in.object(1);
        if (!object)
            return {};
        out.push_back(std::move(*object));
    } while (in.take(','));
    if (!in.take(']') || !in.at_end())
        return {};
    return out;
}

std::optional<std::string> json_field(const std::vector<std::pair<std::string, std::string>>& fields,
                                      std::string_view key)
{
    for (const auto& [k, v] : fields)
        if (k == key)
            return v;
    return std::nullopt;
}

} // namespace smolpub::import
