// SPDX-License-Identifier: ISC
#include "import/import_report.hpp"

namespace smolpub::import {
namespace {

void line(std::string& out, std::string_view label, std::size_t n)
{
    out += "  ";
    out += label;
    out += ": ";
    out += std::to_string(n);
    out += '\n';
}

void types(std::string& out, std::string_view label, const std::map<std::string, std::size_t>& counts)
{
    if (counts.empty())
        return;
    std::size_t total = 0;
    std::string detail;
    for (const auto& [type, n] : counts) {
        total += n;
        detail += (detail.empty() ? "" : ", ") + type + " " + std::to_string(n);
    }
    out += "  ";
    out += label;
    out += ": " + std::to_string(total) + " (" + detail + ")\n";
}

/// `heading`, then each of `items` on a line of its own; nothing when there are none.
void list(std::string& out, std::string_view heading, const std::vector<std::string>& items)
{
    if (items.empty())
        return;
    out += heading;
    out += '\n';
    for (const auto& item : items)
        out += "  " + item + "\n";
}

} // namespace

bool import_complete(const import_report& report)
{
    return report.problems.empty() && report.existing.empty();
}

std::string format_report(const import_report& r)
{
    std::string out = "Imported (WXR " + (r.wxr_version.empty() ? std::string{"?"} : r.wxr_version) + "):\n";
    line(out, "posts", r.posts);
    line(out, "pages", r.pages);
    line(out, "drafts (kept, never published)", r.drafts);
    line(out, "comments", r.comments);
    line(out, "mentions (pingbacks and trackbacks, listed as links)", r.mentions);
    line(out, "comments of drafts (kept aside in draft-comments/)", r.draft_comments);
    line(out, "uploads copied", r.uploads);
    out += "Skipped:\n";
    line(out, "spam comments", r.spam);
    line(out, "unapproved comments", r.unapproved);
    line(out, "trashed comments", r.trashed_comments);
    line(out, "pingbacks and trackbacks without a link", r.pingbacks);
    line(out, "trashed posts and pages", r.trashed_posts);
    types(out, "not content", r.ignored);
    types(out, "unknown post types", r.unknown);
    list(out, "Not published (drafts; --publish-protected publishes the password-protected ones):", r.withheld);
    list(out, "Titles made plain text (HTML in a title is shown as its tags in every heading, menu and feed):", r.retitled);
    list(out, "Warnings:", r.warnings);
    list(out, "Not written, already there:", r.existing);
    list(out, "Not imported:", r.problems);
    out += import_complete(r) ? "The import is complete.\n" : "The import is NOT complete (see above).\n";
    return out;
}

} // namespace smolpub::import
