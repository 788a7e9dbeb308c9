// SPDX-License-Identifier: ISC
#include "content/mime.hpp"
#include "text/ascii.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace smolpub::content {

namespace {

// Kept short on purpose: a capsule holds images, documents and audio, not a web app.
// Sorted by extension so the table reads like a reference.
constexpr std::array<std::pair<std::string_view, std::string_view>, 27> mime_by_extension{{
    {"avif", "image/avif"},
    {"css", "text/css; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"epub", "application/epub+zip"},
    {"flac", "audio/flac"},
    {"gemini", "text/gemini; charset=utf-8"},
    {"gif", "image/gif"},
    {"gmi", "text/gemini; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},
    {"json", "application/json"},
    {"m4a", "audio/mp4"},
    {"md", "text/markdown; charset=utf-8"},
    {"mp3", "audio/mpeg"},
    {"mp4", "video/mp4"},
    {"ogg", "audio/ogg"},
    {"opus", "audio/opus"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"svg", "image/svg+xml"},
    {"txt", "text/plain; charset=utf-8"},
    {"wav", "audio/wav"},
    {"webm", "video/webm"},
    {"webp", "image/webp"},
    {"xml", "application/xml"},
    {"zip", "application/zip"},
}};

} // namespace

std::string_view mime_for(const std::filesystem::path& file)
{
    const std::string name = text::ascii_lower(file.filename().string());
    // Feeds are recognised by their conventional name: a plain .xml file is not a feed.
    if (name == "atom.xml")
        return "application/atom+xml";
    if (name == "rss.xml")
        return "application/rss+xml";

    const auto dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0)
        return "application/octet-stream";
    const std::string_view extension = std::string_view(name).substr(dot + 1);
    const auto found = std::find_if(mime_by_extension.begin(), mime_by_extension.end(),
                                    [&](const auto& entry) { return entry.first == extension; });
    return found == mime_by_extension.end() ? std::string_view("application/octet-stream")
                                            : found->second;
}

} // namespace smolpub::content
