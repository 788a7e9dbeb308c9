// SPDX-License-Identifier: ISC
#pragma once
// URL hygiene for gemtext link lines. Pure: no I/O.
#include <optional>
#include <string>
#include <string_view>

#include "render/gemtext.hpp"

namespace smolpub::render {

/// Turns a Markdown link destination into the URL to put on a `=>` line, or nullopt
/// when the link must not become a link line: empty, `#fragment`-only, or a
/// `javascript:`/`data:`/`vbscript:` URL. Relative `*.md` links go through
/// `options.rewrite_link`; spaces and control characters are percent-encoded.
std::optional<std::string> gemtext_link_target(std::string_view url, const gemtext_options& options);

/// The check gemtext_link_target starts with, without calling the rewrite hook:
/// false when the link can never become a link line.
bool is_usable_link_target(std::string_view url);

/// The last path segment of `url` (without query or fragment): the label of an image without alt text.
std::string_view url_file_name(std::string_view url);

} // namespace smolpub::render
