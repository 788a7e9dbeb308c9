// SPDX-License-Identifier: ISC
#include "import/wxr_reader.hpp"
#include "import/xml_node.hpp"

#include <libxml/xmlreader.h>

#include <memory>
#include <string_view>

namespace smolpub::import {
namespace {

template <auto Free> struct c_deleter {
    void operator()(auto* p) const noexcept { Free(p); }
};
using reader_ptr = std::unique_ptr<xmlTextReader, c_deleter<xmlFreeTextReader>>;

enum class space { none, wp, content, dc, other };

/// Which vocabulary an element belongs to. WXR 1.0, 1.1 and 1.2 differ in the version
/// part of the wp: URI only, so the prefix decides; an export that forgot to declare
/// `wp:` (hand-edited files) still has the prefix in the name.
space space_of(xmlNodePtr node)
{
    if (!node->ns || !node->ns->href)
        return space::none;
    const std::string_view href{reinterpret_cast<const char*>(node->ns->href)};
    // WordPress's own test data and several exporters write the https form.
    if (href.starts_with("http://wordpress.org/export/") || href.starts_with("https://wordpress.org/export/"))
        return space::wp;
    if (href.starts_with("http://purl.org/rss/1.0/modules/content/"))
        return space::content;
    if (href.starts_with("http://purl.org/dc/elements/1.1/"))
        return space::dc;
    return space::other;
}



template <class F> void for_each_element(xmlNodePtr parent, F f)
{
    for (xmlNodePtr child = parent->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
            f(child, space_of(child), name_of(child));
}

wxr_comment read_comment(xmlNodePtr node)
{
    wxr_comment c;
    for_each_element(node, [&](xmlNodePtr e, space s, std::string_view name) {
        if (s != space::wp)
            return;
        if (name == "comment_id") c.id = text_of(e);
        else if (name == "comment_author") c.author = text_of(e);
        else if (name == "comment_author_url") c.author_url = text_of(e);
        else if (name == "comment_date") c.date = text_of(e);
        else if (name == "comment_date_gmt") c.date_gmt = text_of(e);
        else if (name == "comment_content") c.content = text_of(e);
        else if (name == "comment_approved") c.approved = text_of(e);
        else if (name == "comment_type") c.type = text_of(e);
        else if (name == "comment_parent") c.parent = text_of(e);
    });
    return c;
}

wxr_item read_item(xmlNodePtr node, bool bodies)
{
    wxr_item item;
    for_each_element(node, [&](xmlNodePtr e, space s, std::string_view name) {
        if (s == space::none) {
            if (name == "title") item.title = text_of(e);
            else if (name == "link") item.link = text_of(e);
            else if (name == "category")
                item.terms.push_back({attribute_of(e, "domain"), attribute_of(e, "nicename"), text_of(e)});
        } else if (s == space::dc && name == "creator") {
            item.creator = text_of(e);
        } else if (s == space::content && name == "encoded" && bodies) {
            item.content = text_of(e);
        } else if (s == space::wp) {
            if (name == "post_id") item.id = text_of(e);
            else if (name == "post_date") item.post_date = text_of(e);
            else if (name == "post_date_gmt") item.post_date_gmt = text_of(e);
            else if (name == "post_name") item.post_name = text_of(e);
            else if (name == "status") item.status = text_of(e);
            else if (name == "post_password") item.password = text_of(e);
            else if (name == "post_type") item.post_type = text_of(e);
            else if (name == "post_parent") item.parent = text_of(e);
            else if (name == "attachment_url") item.attachment_url = text_of(e);
            else if (name == "comment" && bodies) item.comments.push_back(read_comment(e));
        }
    });
    return item;
}

void read_channel_element(xmlNodePtr e, wxr_channel& channel)
{
    const space s = space_of(e);
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
        for_each_element(e, [&](xmlNodePtr f, space fs, std::string_view n) {
            if (fs != space::wp) return;
            if (n == "author_login") a.login = text_of(f);
            else if (n == "author_display_name") a.display_name = text_of(f);
        });
        channel.authors.push_back(std::move(a));
    } else if (name == "category") {
        wxr_category c;
        for_each_element(e, [&](xmlNodePtr f, space fs, std::string_view n) {
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
    std::string first;
    static void record(void* self, xmlErrorPtr error)
    {
        auto* trap = static_cast<error_trap*>(self);
        if (!error || error->level < XML_ERR_FATAL || !trap->first.empty())
            return;
        std::string message = error->message ? error->message : "malformed XML";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        trap->first = std::string{error->file ? error->file : ""} + ":" + std::to_string(error->line) + ":" +
                      std::to_string(error->int2 > 0 ? error->int2 : 1) + ": " + message;
    }
};

} // namespace

tl::expected<wxr_channel, std::string> read_wxr(const std::filesystem::path& file, const item_sink& on_item, bool bodies)
{
    // No network, no external entities (XXE): an export is data, never instructions.
    const reader_ptr reader{xmlReaderForFile(file.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_COMPACT)};
    if (!reader)
        return tl::unexpected(file.string() + ":1:1: cannot open the export");
    error_trap trap;
    xmlTextReaderSetStructuredErrorHandler(reader.get(), &error_trap::record, &trap);

    wxr_channel channel;
    bool saw_channel = false;
    std::size_t items = 0, items_with_wp_fields = 0;
    int status = xmlTextReaderRead(reader.get());
    while (status == 1) {
        if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) {
            status = xmlTextReaderRead(reader.get());
            continue;
        }
        const int depth = xmlTextReaderDepth(reader.get());
        if (depth == 1)
            saw_channel = true;
        if (depth != 2) {
            status = xmlTextReaderRead(reader.get());
            continue;
        }
        const int line = xmlTextReaderGetParserLineNumber(reader.get());
        xmlNodePtr node = xmlTextReaderExpand(reader.get());
        if (!node)
            break;
        if (!node->ns && name_of(node) == "item") {
            wxr_item item = read_item(node, bodies);
            item.line = static_cast<std::size_t>(line);
            ++items;
            if (!item.id.empty() || !item.post_type.empty() || !item.status.empty())
                ++items_with_wp_fields;
            on_item(channel, std::move(item));
        } else {
            read_channel_element(node, channel);
        }
        // Next() skips the subtree just handled, and the reader frees it.
        status = xmlTextReaderNext(reader.get());
    }
    if (status < 0 || !trap.first.empty())
        return tl::unexpected(trap.first.empty() ? file.string() + ":1:1: malformed XML" : trap.first);
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

} // namespace smolpub::import
