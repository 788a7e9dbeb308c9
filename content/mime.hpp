// SPDX-License-Identifier: ISC
#pragma once
// File extension -> MIME type for static files served as-is.
#include <filesystem>
#include <string_view>

namespace smolpub::content {

/// The MIME type for a static file, from its name (extension, case-insensitive; "atom.xml"
/// is a feed). Text types carry "; charset=utf-8". Unknown: "application/octet-stream".
std::string_view mime_for(const std::filesystem::path& file);

} // namespace smolpub::content
