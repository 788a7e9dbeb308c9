// SPDX-License-Identifier: ISC
#include "import/wxr_reader.hpp"
#include "import/xml_node.hpp"

#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>

#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <utility>

namespace smolpub::import {
namespace {

template <auto Free> struct c_deleter {
    void operator()(auto* p) const noexcept { Free(p); }
};
using reader_ptr = std::unique_ptr<xmlTextReader, c_deleter<xmlFreeTextReader>>;

enum class space { none, wp, content, dc, excerpt, other };

/// Which vocabulary an element belongs to. `wp` is the namespace the document binds to its
/// `wp` prefix, as WordPress's own importer reads it: elements in it are WXR's.
space space_of(xmlNodePtr node, std::string_view wp)
{
    if (!node->ns || !node->ns->href)
        return space::none;
    const std::string_view href{reinterpret_cast<const char*>(node->ns->href)};
    if (!wp.empty() && href == wp)
        return space::wp;
    if (href.starts_with("http://purl.org/rss/1.0/modules/content/"))
        return space::content;
    if (href.starts_with("http://purl.org/dc/elements/1.1/"))
        return space::dc;
    // The author's own summary: http://wordpress.org/export/1.2/excerpt/ (any scheme, version).
    if (href.ends_with("/excerpt/") && (href.starts_with("http://wordpress.org/export/") ||
                                        href.starts_with("https://wordpress.org/export/")))
        return space::excerpt;
    return space::other;
}

template <class F> void for_each_element(xmlNodePtr parent, std::string_view wp, F f)
{
    for (xmlNodePtr child = parent->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
            f(child, space_of(child, wp), name_of(child));
}

/// The URI bound to `wp` where the reader stands, or empty.
std::string wp_binding(xmlTextReaderPtr reader)
{
    xmlChar* uri = xmlTextReaderLookupNamespace(reader, reinterpret_cast<const xmlChar*>("wp"));
    if (!uri)
        return {};
    std::string out{reinterpret_cast<const char*>(uri)};
    xmlFree(uri);
    return out;
}

/// Which `<wp:NAME>` element's text goes to which field of `Record`.
template <class Record>
using text_field = std::pair<std::string_view, std::string Record::*>;

/// Stores the text of `e`, the element `name`, in its field of `out`, if it has one.
template <class Record>
void read_text_field(std::span<const text_field<Record>> fields, xmlNodePtr e, std::string_view name, Record& out)
{
    for (const auto& [element, field] : fields)
        if (name == element) {
            out.*field = text_of(e);
            return;
        }
}

wxr_comment read_comment(xmlNodePtr node, std::string_view wp)
{
    static constexpr text_field<wxr_comment> fields[] = {
        {"comment_id", &wxr_comment::id}, {"comment_author", &wxr_comment::author},
        {"comment_author_url", &wxr_comment::author_url}, {"comment_date", &wxr_comment::date},
        {"comment_date_gmt", &wxr_comment::date_gmt}, {"comment_content", &wxr_comment::content},
        {"comment_approved", &wxr_comment::approved}, {"comment_type", &wxr_comment::type},
        {"comment_parent", &wxr_comment::parent},
    };
    wxr_comment c;
    for_each_element(node, wp, [&](xmlNodePtr e, space s, std::string_view name) {
        if (s == space::wp)
            read_text_field<wxr_comment>(fields, e, name, c);
    });
    return c;
}

/// The `<wp:postmeta>` read: `_thumbnail_id`, the featured image, and `footnotes`.
void read_postmeta(xmlNodePtr node, std::string_view wp, wxr_item& item)
{
    std::string key, value;
    for_each_element(node, wp, [&](xmlNodePtr e, space s, std::string_view name) {
        if (s != space::wp)
            return;
        if (name == "meta_key") key = text_of(e);
        else if (name == "meta_value") value = text_of(e);
    });
    if (key == "_thumbnail_id")
        item.thumbnail_id = value;
    else if (key == "footnotes")
        item.footnotes = std::move(value);
}

wxr_item read_item(xmlNodePtr node, std::string_view wp, bool bodies)
{
    static constexpr text_field<wxr_item> wp_fields[] = {
        {"post_id", &wxr_item::id}, {"post_date", &wxr_item::post_date},
        {"post_date_gmt", &wxr_item::post_date_gmt}, {"post_name", &wxr_item::post_name},
        {"status", &wxr_item::status}, {"post_password", &wxr_item::password},
        {"post_type", &wxr_item::post_type}, {"post_parent", &wxr_item::parent},
        {"attachment_url", &wxr_item::attachment_url},
    };
    wxr_item item;
    for_each_element(node, wp, [&](xmlNodePtr e, space s, std::string_view name) {
        if (s == space::none) {
            if (name == "title") item.title = text_of(e);
            else if (name == "link") item.link = text_of(e);
            else if (name == "category")
                item.terms.push_back({attribute_of(e, "domain"), attribute_of(e, "nicename"), text_of(e)});
        } else if (s == space::dc && name == "creator") {
            item.creator = text_of(e);
        } else if (s == space::content && name == "encoded" && bodies) {
            item.content = text_of(e);
        } else if (s == space::excerpt && name == "encoded") {  // an attachment's caption: short
            item.excerpt = text_of(e);
        } else if (s == space::wp) {
            if (name == "postmeta") read_postmeta(e, wp, item);
            else if (name == "comment" && bodies) item.comments.push_back(read_comment(e, wp));
            else read_text_field<wxr_item>(wp_fields, e, name, item);
        }
    });
    return item;
}

void read_channel_element(xmlNodePtr e, std::string_view wp, wxr_channel& channel)
{
    const space s = space_of(e, wp);
    const std::string_view name = name_of(e);
    if (s == space::none) {
        if (name == "title") channel.title = text_of(e);
        else if (name == "language") channel.language = text_of(e);
        return;
    }
    if (s != space::wp)
        return;
    if (name == "wxr_version") {
        channel.wxr_version = text_of(e);
    } else if (name == "base_site_url") {
        channel.base_site_url = text_of(e);
    } else if (name == "base_blog_url") {
        channel.base_blog_url = text_of(e);
    } else if (name == "author") {
        wxr_author a;
        for_each_element(e, wp, [&](xmlNodePtr f, space fs, std::string_view n) {
            if (fs != space::wp) return;
            if (n == "author_login") a.login = text_of(f);
            else if (n == "author_display_name") a.display_name = text_of(f);
        });
        channel.authors.push_back(std::move(a));
    } else if (name == "category") {
        wxr_category c;
        for_each_element(e, wp, [&](xmlNodePtr f, space fs, std::string_view n) {
            if (fs != space::wp) return;
            if (n == "category_nicename") c.nicename = text_of(f);
            else if (n == "category_parent") c.parent = text_of(f);
            else if (n == "cat_name") c.name = text_of(f);
        });
        if (!c.nicename.empty())
            channel.categories.push_back(std::move(c));
    }
}

/// The first fatal error the parser reports, located; warnings (an undeclared
/// namespace prefix, say) are not failures.
struct error_trap {
    std::string name;  ///< the export's, when libxml2 names no file
    std::string first;
    static void record(void* self, xmlErrorPtr error)
    {
        auto* trap = static_cast<error_trap*>(self);
        if (!error || error->level < XML_ERR_FATAL || !trap->first.empty())
            return;
        std::string message = error->message ? error->message : "malformed XML";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        trap->first = std::string{error->file ? error->file : trap->name.c_str()} + ":" + std::to_string(error->line) + ":" +
                      std::to_string(error->int2 > 0 ? error->int2 : 1) + ": " + message;
    }
};

bool name_is(const xmlChar* name, std::string_view expected)
{
    return name && std::string_view{reinterpret_cast<const char*>(name)} == expected;
}

} // namespace

bool is_wxr_namespace(std::string_view uri)
{
    if (uri.starts_with("https://"))
        uri.remove_prefix(8);
    else if (uri.starts_with("http://"))
        uri.remove_prefix(7);
    else
        return false;
    if (!uri.starts_with("wordpress.org/export/"))
        return false;
    uri.remove_prefix(std::string_view{"wordpress.org/export/"}.size());
    if (uri.ends_with('/'))
        uri.remove_suffix(1);
    return uri == "1.0" || uri == "1.1" || uri == "1.2";
}

namespace {

// No network, no external entities (XXE): an export is data, never instructions.
// Not XML_PARSE_HUGE: it would lift the guards against entity expansion (a "billion
// laughs" export) with the depth limit. The depth limit alone is raised, below.
constexpr int reader_options = XML_PARSE_NONET | XML_PARSE_COMPACT;

/// How deep an export may nest its elements. libxml2's default of 256 stops the whole
/// read at an item with XHTML nested that deep (a body not in CDATA); past this one, the
/// item is named in the failure. libxml2's parser and tree walks are iterative here, and a
/// level costs a few dozen bytes.
constexpr unsigned max_xml_depth = 10000;

void raise_depth_limit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (xmlParserMaxDepth < max_xml_depth)
            xmlParserMaxDepth = max_xml_depth;
    });
}

tl::expected<wxr_channel, std::string> read_from(const reader_ptr& reader, const std::filesystem::path& file,
                                                 const item_sink& on_item, bool bodies)
{
    if (!reader)
        return tl::unexpected(file.string() + ":1:1: cannot open the export");
    error_trap trap{file.string(), {}};
    xmlTextReaderSetStructuredErrorHandler(reader.get(), &error_trap::record, &trap);

    wxr_channel channel;
    std::string wp_namespace;
    bool saw_channel = false;
    std::size_t items = 0, items_with_wp_fields = 0;
    int item_line = 0;  ///< where the <item> being read starts, for a failure inside it
    int status = xmlTextReaderRead(reader.get());
    while (status == 1) {
        if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) {
            status = xmlTextReaderRead(reader.get());
            continue;
        }
        const int depth = xmlTextReaderDepth(reader.get());
        if (depth == 1 && !saw_channel) {
            saw_channel = true;
            // Declared on <rss> or on <channel>: the reader sees both from here.
            const std::string declared = wp_binding(reader.get());
            if (declared.empty())
                return tl::unexpected(file.string() +
                                      ":1:1: not a WordPress export: it declares no namespace for the wp: prefix "
                                      "(WXR declares xmlns:wp=\"http://wordpress.org/export/1.2/\")");
            if (!is_wxr_namespace(declared))
                return tl::unexpected(file.string() + ":1:1: not a WordPress export: its wp: prefix is bound to \"" +
                                      declared +
                                      "\", not to WordPress's http(s)://wordpress.org/export/1.0/, 1.1/ or 1.2/");
            wp_namespace = declared;
        }
        if (depth != 2) {
            status = xmlTextReaderRead(reader.get());
            continue;
        }
        const int line = xmlTextReaderGetParserLineNumber(reader.get());
        // The line of the <item> tag itself (the parser may be lines ahead), when libxml2 kept it.
        if (xmlTextReaderConstNamespaceUri(reader.get()) == nullptr &&
            name_is(xmlTextReaderConstLocalName(reader.get()), "item")) {
            const xmlNodePtr start = xmlTextReaderCurrentNode(reader.get());
            const long start_line = start ? xmlGetLineNo(start) : -1;
            item_line = start_line > 0 && start_line <= line ? static_cast<int>(start_line) : line;
        } else {
            item_line = 0;
        }
        xmlNodePtr node = xmlTextReaderExpand(reader.get());
        if (!node)
            break;
        if (!node->ns && name_of(node) == "item") {
            wxr_item item = read_item(node, wp_namespace, bodies);
            item.line = static_cast<std::size_t>(line);
            ++items;
            if (!item.id.empty() || !item.post_type.empty() || !item.status.empty())
                ++items_with_wp_fields;
            on_item(channel, std::move(item));
        } else {
            read_channel_element(node, wp_namespace, channel);
        }
        // Next() skips the subtree just handled, and the reader frees it.
        item_line = 0;
        status = xmlTextReaderNext(reader.get());
    }
    if (status < 0 || !trap.first.empty()) {
        std::string message = trap.first.empty() ? file.string() + ":1:1: malformed XML" : trap.first;
        // "Excessive depth in document: 10000 use XML_PARSE_HUGE option": said in our words.
        if (const auto at = message.find("Excessive depth in document"); at != std::string::npos)
            message = message.substr(0, at) + "elements nested deeper than " + std::to_string(xmlParserMaxDepth) +
                      " levels";
        if (item_line > 0)
            message += " (in the <item> that starts at line " + std::to_string(item_line) +
                       "; the items before it were read, nothing was written)";
        return tl::unexpected(std::move(message));
    }
    if (!saw_channel)
        return tl::unexpected(file.string() + ":1:1: not a WordPress export (no <rss><channel>)");
    // Items without a single wp: field are not WordPress's (a plain RSS feed, or an export
    // whose wp namespace is not one we know): importing them would make every post an undated
    // draft and report success.
    if (items > 0 && items_with_wp_fields == 0)
        return tl::unexpected(file.string() + ":1:1: not a WordPress export: none of its " + std::to_string(items) +
                              " items has a wp: field (WXR declares xmlns:wp=\"http://wordpress.org/export/1.2/\")");
    return channel;
}

} // namespace

tl::expected<wxr_channel, std::string> read_wxr(const std::filesystem::path& file, const item_sink& on_item, bool bodies)
{
    raise_depth_limit();
    const reader_ptr reader{xmlReaderForFile(file.c_str(), nullptr, reader_options)};
    return read_from(reader, file, on_item, bodies);
}

tl::expected<wxr_channel, std::string> read_wxr_bytes(std::string_view bytes, const std::string& name,
                                                      const item_sink& on_item, bool bodies)
{
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return tl::unexpected(name + ":1:1: too large to read from memory");
    raise_depth_limit();
    const reader_ptr reader{
        xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr, reader_options)};
    return read_from(reader, name, on_item, bodies);
}

} // namespace smolpub::import
