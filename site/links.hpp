// SPDX-License-Identifier: ISC
#pragma once
// The rewrite_link hook handed to markdown_to_gemtext: Markdown links between source
// files become links between served pages.
#include <optional>
#include <string>
#include <string_view>

#include "site/catalog.hpp"
#include "render/gemtext.hpp"

namespace smolpub::site {

/// Rewrites `url`, written in a file whose folder is served at `folder_url` ("/notes/"):
/// a link to a known `.md` source (relative, or absolute from the content root) becomes
/// the encoded URL of its page ("../recipes/bread.md" -> "/recipes/bread.gmi").
/// nullopt: keep the URL (not a `.md` link, or an unknown target).
std::optional<std::string> rewrite_link(const catalog& cat, std::string_view folder_url,
                                        std::string_view url);

/// Makes the relative targets of the `=>` lines in `gemtext` absolute, as seen from
/// `folder_url`. The renderer only offers `.md` links to the hook, and a relative link
/// would break on pages served at another depth (comments, Gopher selectors).
std::string absolute_links(std::string_view gemtext, std::string_view folder_url);

/// The site's gemtext options with the rewrite hook bound to `folder_url`.
/// The returned options refer to `cat`, which must outlive them.
render::gemtext_options options_for(const catalog& cat, std::string folder_url);

} // namespace smolpub::site
