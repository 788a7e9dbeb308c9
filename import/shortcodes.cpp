// SPDX-License-Identifier: ISC
#include "import/shortcodes.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace smolpub::import {
namespace {

// Shortcodes common enough to recognise even bare (`[ad]`); any other name is taken for a
// shortcode only when it has attributes, a closing tag, or a `-`/`_` in its name, so that
// prose like "[sic]" or "[1]" is left alone.
constexpr std::array bare_names{"ad",       "ads",     "adsense", "contact-form", "toc", "more",
                                "nextpage", "playlist", "audio",  "video",        "gallery", "embed"};

/// WordPress.com's shortcodes for hosted players: `[youtube ID]`, `[vimeo ID]`, `[wpvideo GUID]`,
/// or a URL, or the old `[youtube=URL]`. An id alone becomes the player's page.
struct hosted_player {
    std::string_view name;
    std::string_view page;  ///< prefix for an id; empty: only a URL will do
};
constexpr std::array hosted_players{
    hosted_player{"youtube", "https://www.youtube.com/watch?v="}, hosted_player{"vimeo", "https://vimeo.com/"},
    hosted_player{"dailymotion", "https://www.dailymotion.com/video/"}, hosted_player{"wpvideo", "https://videopress.com/v/"},
    hosted_player{"videopress", "https://videopress.com/v/"}, hosted_player{"soundcloud", ""}, hosted_player{"spotify", ""}};

const hosted_player* hosted_player_named(std::string_view name)
{
    for (const auto& player : hosted_players)
        if (player.name == name)
            return &player;
    return nullptr;
}

struct tag {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::vector<std::string> positional;
    std::size_t begin = 0;
    std::size_t end = 0;  ///< one past `]`
    bool closing = false;
    bool self_closing = false;
    bool has_equals = false;
};

bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Parses `[name attr="v" ...]` or `[/name]` at `text[at] == '['`.
std::optional<tag> parse_tag(std::string_view text, std::size_t at)
{
    tag t;
    t.begin = at;
    std::size_t i = at + 1;
    if (i < text.size() && text[i] == '/') {
        t.closing = true;
        ++i;
    }
    if (i >= text.size() || !((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')))
        return std::nullopt;
    while (i < text.size() && is_name_char(text[i]))
        t.name += lower(text[i++]);
    if (!t.closing && i < text.size() && text[i] == '=' && hosted_player_named(t.name)) {
        // `[youtube=http://www.youtube.com/watch?v=x&w=320]`: the rest is the URL.
        const auto close = text.find_first_of("]\n[", i);
        if (close == std::string_view::npos || text[close] != ']')
            return std::nullopt;
        t.positional.emplace_back(text.substr(i + 1, close - i - 1));
        t.end = close + 1;
        return t;
    }
    if (i >= text.size() || (text[i] != ' ' && text[i] != ']' && text[i] != '/' && text[i] != '\t'))
        return std::nullopt;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ']') {
            t.end = i + 1;
            return t;
        }
        if (c == '/' && i + 1 < text.size() && text[i + 1] == ']') {
            t.self_closing = true;
            t.end = i + 2;
            return t;
        }
        if (c == '[' || (c == '\n' && t.closing))
            return std::nullopt;
        if (c == ' ' || c == '\t' || c == '\n') {
            ++i;
            continue;
        }
        std::string key;
        const std::size_t key_start = i;
        while (i < text.size() && is_name_char(text[i]))
            key += lower(text[i++]);
        // A bare URL (`[audio https://x.example/a.mp3]`, the short form): one positional
        // value, as written, not a name cut at its ':'.
        if (!key.empty() && i + 2 < text.size() && text.substr(i, 3) == "://") {
            while (i < text.size() && text[i] != ' ' && text[i] != ']' && text[i] != '\n' && text[i] != '\t' &&
                   !(text[i] == '/' && i + 1 < text.size() && text[i + 1] == ']'))
                ++i;
            t.positional.emplace_back(text.substr(key_start, i - key_start));
            continue;
        }
        std::string value;
        bool valued = false;
        if (i < text.size() && text[i] == '=' && !key.empty()) {
            valued = t.has_equals = true;
            ++i;
        }
        if (i < text.size() && (text[i] == '"' || text[i] == '\'' || text[i] == '\xE2')) {
            // Straight quotes, or the curly ones wptexturize left in old posts.
            std::string_view close = text[i] == '\xE2' ? "\xE2\x80\x9D" : text.substr(i, 1);
            std::size_t open_len = 1;
            if (text[i] == '\xE2') {
                if (text.substr(i, 3) != "\xE2\x80\x9C" && text.substr(i, 3) != "\xE2\x80\xB3")
                    return std::nullopt;
                open_len = 3;
                close = text.substr(i, 3) == "\xE2\x80\xB3" ? "\xE2\x80\xB3" : close;
            }
            const auto q = text.find(close, i + open_len);
            if (q == std::string_view::npos)
                return std::nullopt;
            value = std::string{text.substr(i + open_len, q - i - open_len)};
            i = q + close.size();
        } else if (valued || key.empty()) {
            while (i < text.size() && text[i] != ' ' && text[i] != ']' && text[i] != '\n' &&
                   !(text[i] == '/' && i + 1 < text.size() && text[i + 1] == ']'))
                value += text[i++];
            if (!valued && key.empty() && value.empty())
                return std::nullopt;
        }
        if (valued)
            t.attributes[key] = value;
        else if (!key.empty())  // as written: an id (`[youtube JaNH56Vpg-A]`) keeps its case
            t.positional.emplace_back(text.substr(key_start, key.size()));
        else
            t.positional.push_back(value);
    }
    return std::nullopt;
}

std::string escape_html(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

std::string link_html(std::string_view url)
{
    return "<a href=\"" + escape_html(url) + "\">" + escape_html(url) + "</a>";
}

std::string_view trim_spaces(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

bool is_bare_url(std::string_view line)
{
    line = trim_spaces(line);
    if (!(line.starts_with("http://") || line.starts_with("https://")))
        return false;
    return line.find_first_of(" \t<>\"") == std::string_view::npos;
}

/// `<img ...>` (possibly inside `<a>`) and the caption text after it.
std::string caption_html(std::string_view inner, const tag& open)
{
    std::string image{inner};
    std::string caption;
    const auto img = inner.find("<img");
    if (img != std::string_view::npos) {
        auto end = inner.find('>', img);
        end = end == std::string_view::npos ? inner.size() : end + 1;
        const auto rest = inner.substr(end);
        const auto a_close = rest.find("</a>");
        if (a_close != std::string_view::npos && trim_spaces(rest.substr(0, a_close)).empty())
            end += a_close + 4;
        image = std::string{inner.substr(0, end)};
        caption = std::string{trim_spaces(inner.substr(end))};
    }
    if (caption.empty())
        if (auto it = open.attributes.find("caption"); it != open.attributes.end())
            caption = escape_html(it->second);
    std::string out = "<figure>" + image;
    if (!caption.empty())
        out += "<figcaption>" + caption + "</figcaption>";
    return out + "</figure>";
}

std::vector<std::string> split_ids(std::string_view ids)
{
    std::vector<std::string> out;
    std::string current;
    for (char c : ids) {
        if (c >= '0' && c <= '9') {
            current += c;
        } else if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

std::string gallery_html(const tag& open, const gallery_lookup& gallery)
{
    std::vector<std::string> ids;
    if (auto it = open.attributes.find("ids"); it != open.attributes.end())
        ids = split_ids(it->second);
    const auto images = gallery ? gallery(ids) : std::vector<gallery_image>{};
    if (images.empty())
        return {};
    // Image blocks, each with its caption: not a list, which would also join a list just
    // before the gallery.
    std::string out;
    for (const auto& image : images) {
        out += "<figure><img src=\"" + escape_html(image.url) + "\" alt=\"" + escape_html(image.title) + "\">";
        if (!image.caption.empty())
            out += "<figcaption>" + escape_html(image.caption) + "</figcaption>";
        out += "</figure>";
    }
    return out;
}

bool is_web_url(std::string_view value) { return value.starts_with("http://") || value.starts_with("https://"); }

/// The URLs a media shortcode plays: its `src`, else the first of its type attributes (`mp3`,
/// `ogg`, `mp4`, `webm`... one sound or film in several formats, so one link), never the
/// `poster` image; else the short form `[audio URL]`, and WordPress.com's own
/// `[audio a.mp3,b.mp3|titles=A,B|artists=...]`, which plays each file in turn.
std::vector<std::string> media_urls(const tag& open)
{
    if (auto it = open.attributes.find("src"); it != open.attributes.end() && !it->second.empty())
        return {it->second};
    for (const auto& [key, value] : open.attributes)
        if (key != "poster" && (is_web_url(value) || value.starts_with("/")))
            return {value};
    for (const auto& value : open.positional) {
        if (!is_web_url(value))
            continue;
        const std::string_view files = std::string_view{value}.substr(0, value.find('|'));
        std::vector<std::string> urls;
        std::size_t at = 0;
        while (at < files.size()) {
            auto next = files.find(",http", at);
            if (next == std::string_view::npos)
                next = files.size();
            if (const auto url = trim_spaces(files.substr(at, next - at)); is_web_url(url))
                urls.emplace_back(url);
            at = next + 1;
        }
        return urls;
    }
    return {};
}

/// Where a hosted player's shortcode points: its URL, or its id on the player's site.
std::string hosted_url(const tag& open, const hosted_player& player, std::string_view inner)
{
    std::string value = open.positional.empty() ? std::string{} : open.positional.front();
    for (const char* key : {"url", "id", "src"})
        if (auto it = open.attributes.find(key); value.empty() && it != open.attributes.end())
            value = it->second;
    if (value.empty())
        value = std::string{trim_spaces(inner)};
    if (is_web_url(value))
        return value;
    const bool id = !value.empty() && value.size() <= 64 &&
                    std::all_of(value.begin(), value.end(), [](char c) { return is_name_char(c); });
    return id && !player.page.empty() ? std::string{player.page} + value : std::string{};
}

/// Whether `url` names a sound (or, with `video`, a film) by its extension.
bool is_media_file(std::string_view url, bool video)
{
    url = url.substr(0, url.find_first_of("?#"));
    const auto dot = url.rfind('.');
    if (dot == std::string_view::npos)
        return false;
    std::string ext;
    for (char c : url.substr(dot + 1))
        ext += lower(c);
    static constexpr std::array<std::string_view, 8> sounds{"mp3", "ogg", "oga", "m4a", "wav", "flac", "wma", "opus"};
    static constexpr std::array<std::string_view, 8> films{"mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv", "avi"};
    const auto& kinds = video ? films : sounds;
    return std::find(kinds.begin(), kinds.end(), ext) != kinds.end();
}

/// `[playlist ids="1,2" type="audio"]`: a link to each track, named by its title; without
/// ids, the sounds (or films) attached to the post.
std::string playlist_html(const tag& open, const gallery_lookup& attachments)
{
    std::vector<std::string> ids;
    if (auto it = open.attributes.find("ids"); it != open.attributes.end())
        ids = split_ids(it->second);
    const auto type = open.attributes.find("type");
    const bool video = type != open.attributes.end() && type->second == "video";
    std::string out;
    for (const auto& track : attachments ? attachments(ids) : std::vector<gallery_image>{})
        if (!ids.empty() || is_media_file(track.url, video))
            out += "<p><a href=\"" + escape_html(track.url) + "\">" +
                   escape_html(track.title.empty() ? track.url : track.title) + "</a></p>";
    return out;
}

bool is_known_name(std::string_view name)
{
    return std::find(bare_names.begin(), bare_names.end(), name) != bare_names.end() || name == "caption" ||
           name == "wp_caption" || name == "code" || name == "sourcecode" || hosted_player_named(name) != nullptr;
}

class expander {
public:
    expander(std::string_view text, const gallery_lookup& gallery) : text_(text), gallery_(gallery) {}

    expanded_shortcodes run() &&
    {
        std::size_t at = 0;
        while (at < text_.size()) {
            const auto next = text_.find_first_of("[<\n", at);
            if (next == std::string_view::npos) {
                out_.append(text_.substr(at));
                break;
            }
            out_.append(text_.substr(at, next - at));
            at = next;
            if (text_[at] == '<') {
                at = copy_if_pre(at);
            } else if (text_[at] == '\n') {
                out_ += '\n';
                at = embed_line(at + 1);
            } else {
                at = shortcode(at);
            }
        }
        return {std::move(out_), std::move(removed_)};
    }

private:
    std::string_view text_;
    const gallery_lookup& gallery_;
    std::string out_;
    std::vector<std::string> removed_;

    /// A `<pre>` is copied as is, up to its `</pre>`.
    std::size_t copy_if_pre(std::size_t at)
    {
        const std::string_view rest = text_.substr(at);
        if (rest.size() > 4 && (rest.substr(0, 4) == "<pre" || rest.substr(0, 4) == "<PRE") &&
            (rest[4] == '>' || rest[4] == ' ')) {
            auto end = rest.find("</pre>");
            if (end == std::string_view::npos)
                end = rest.find("</PRE>");
            end = end == std::string_view::npos ? rest.size() : end + 6;
            out_.append(rest.substr(0, end));
            return at + end;
        }
        out_ += '<';
        return at + 1;
    }

    /// A URL alone on its line is an oEmbed in WordPress: it becomes a link.
    std::size_t embed_line(std::size_t at)
    {
        const auto newline = text_.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
        const std::string_view line = text_.substr(at, end - at);
        if (!is_bare_url(line))
            return at;
        out_ += link_html(trim_spaces(line));
        return end;
    }

    /// Where `[/name]` starts after `from`, or npos.
    std::size_t find_close(std::string_view name, std::size_t from) const
    {
        const std::string needle = "[/" + std::string{name} + "]";
        std::size_t i = from;
        while (true) {
            i = text_.find("[/", i);
            if (i == std::string_view::npos)
                return i;
            std::string candidate;
            for (std::size_t k = i; k < text_.size() && k < i + needle.size(); ++k)
                candidate += lower(text_[k]);
            if (candidate == needle)
                return i;
            i += 2;
        }
    }

    void note_removed(const std::string& name)
    {
        if (std::find(removed_.begin(), removed_.end(), name) == removed_.end())
            removed_.push_back(name);
    }

    std::size_t shortcode(std::size_t at)
    {
        auto parsed = parse_tag(text_, at);
        if (!parsed) {
            out_ += '[';
            return at + 1;
        }
        tag& t = *parsed;
        const std::size_t close = t.closing || t.self_closing ? std::string_view::npos : find_close(t.name, t.end);
        const bool enclosing = close != std::string_view::npos;
        const bool was_removed = std::find(removed_.begin(), removed_.end(), t.name) != removed_.end();
        const bool recognised = is_known_name(t.name) || enclosing || t.has_equals || was_removed ||
                                t.name.find_first_of("-_") != std::string::npos;
        if (!recognised) {
            out_ += '[';
            return at + 1;
        }
        if (t.closing) {  // a stray closer, its opener already handled or missing
            if (!is_known_name(t.name))
                note_removed(t.name);
            return t.end;
        }
        const std::string_view inner = enclosing ? text_.substr(t.end, close - t.end) : std::string_view{};
        const std::size_t after = enclosing ? close + t.name.size() + 3 : t.end;
        if (t.name == "caption" || t.name == "wp_caption") {
            out_ += caption_html(inner, t);
        } else if (t.name == "gallery") {
            out_ += gallery_html(t, gallery_);
        } else if (t.name == "embed") {
            const std::string url{trim_spaces(inner)};
            if (!url.empty())
                out_ += link_html(url);
        } else if (t.name == "playlist") {
            out_ += playlist_html(t, gallery_);
        } else if (t.name == "video" || t.name == "audio") {
            auto urls = media_urls(t);
            if (urls.empty() && enclosing && !trim_spaces(inner).empty())
                urls.emplace_back(trim_spaces(inner));
            for (std::size_t n = 0; n < urls.size(); ++n)
                out_ += (n ? " " : "") + link_html(urls[n]);
        } else if (const hosted_player* player = hosted_player_named(t.name)) {
            if (const std::string url = hosted_url(t, *player, inner); !url.empty())
                out_ += link_html(url);
        } else if (t.name == "code" || t.name == "sourcecode") {
            std::string language;
            for (const char* key : {"language", "lang"})
                if (auto it = t.attributes.find(key); it != t.attributes.end())
                    language = it->second;
            if (language.empty() && !t.positional.empty())
                for (const char c : t.positional.front())
                    language += lower(c);
            std::string code{inner};
            if (code.starts_with('\n'))
                code.erase(0, 1);
            std::string escaped;
            for (char c : code)
                escaped += c == '<' ? std::string{"&lt;"} : std::string(1, c);
            out_ += "<pre><code" + (language.empty() ? std::string{} : " class=\"language-" + escape_html(language) + "\"") +
                    ">" + escaped + "</code></pre>";
        } else {
            note_removed(t.name);
            if (enclosing)
                return t.end;  // the content stays, the closing tag is dropped when met
        }
        return after;
    }
};

} // namespace

expanded_shortcodes expand_shortcodes(std::string_view text, const gallery_lookup& gallery)
{
    expander e{text, gallery};
    // The first line may be an oEmbed too.
    expanded_shortcodes result = std::move(e).run();
    if (!result.html.empty()) {
        const auto newline = result.html.find('\n');
        const std::string_view first = std::string_view{result.html}.substr(0, newline);
        if (is_bare_url(first))
            result.html = link_html(trim_spaces(first)) + result.html.substr(first.size());
    }
    return result;
}

} // namespace smolpub::import
