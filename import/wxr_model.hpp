// SPDX-License-Identifier: ISC
#pragma once
// What the importer reads from a WordPress export (WXR 1.0-1.2): the channel, its authors and
// categories, and one item (post, page, attachment...) with its comments. Values are as the
// export has them (XML-decoded, HTML entities still in titles); mapping happens elsewhere.
#include <cstddef>
#include <string>
#include <vector>

namespace smolpub::import {

struct wxr_author {
    std::string login;
    std::string display_name;
};

/// A `<wp:category>` of the channel: the category tree.
struct wxr_category {
    std::string nicename;
    std::string parent;  ///< the parent's nicename, empty at the top
    std::string name;    ///< wp:cat_name, entities not yet decoded
};

struct wxr_channel {
    std::string title;
    std::string language;
    std::string wxr_version;
    std::string base_site_url;
    std::string base_blog_url;
    std::vector<wxr_author> authors;
    std::vector<wxr_category> categories;
};

struct wxr_comment {
    std::string id;
    std::string author;
    std::string author_url;  ///< only used for kept pingbacks (see docs: dropped otherwise)
    std::string date;        ///< wp:comment_date
    std::string date_gmt;    ///< wp:comment_date_gmt
    std::string content;
    std::string approved;  ///< "1", "0", "spam", "trash"
    std::string type;      ///< "", "comment", "pingback", "trackback"
    std::string parent;    ///< "0" or empty at the top
    // comment_author_email and comment_author_IP are never read, so they cannot leak.
};

/// A `<category>` of an item: a category, a tag, or (no domain) a legacy duplicate.
struct wxr_term {
    std::string domain;
    std::string nicename;
    std::string name;
};

struct wxr_item {
    std::string id;
    std::string title;
    std::string link;
    std::string creator;  ///< dc:creator, an author login
    std::string content;  ///< content:encoded
    std::string excerpt;  ///< excerpt:encoded: a post's own summary, an attachment's caption; often empty
    std::string post_date;
    std::string post_date_gmt;
    std::string post_name;
    std::string status;
    std::string password;  ///< wp:post_password: not empty for a password-protected post
    std::string post_type;
    std::string parent;  ///< wp:post_parent
    std::string attachment_url;
    std::string thumbnail_id;  ///< the featured image: wp:postmeta _thumbnail_id, an attachment's id
    std::string footnotes;     ///< the footnotes block's texts: wp:postmeta footnotes, JSON
    std::vector<wxr_term> terms;
    std::vector<wxr_comment> comments;
    std::size_t line = 0;  ///< where the <item> starts in the export
};

} // namespace smolpub::import
