// SPDX-License-Identifier: ISC
#pragma once
// WordPress shortcodes (`[caption]`, `[gallery]`, `[embed]`, plugins' `[ad]`...) turned into
// the HTML they stand for, before the HTML is converted, or removed and reported.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace smolpub::import {

/// One image of a gallery.
struct gallery_image {
    std::string url;
    std::string title;
    std::string caption = {};  ///< the attachment's caption (its excerpt), plain text
};

/// The images of `[gallery]`: `ids` from its `ids="1,2"` attribute, or empty for "the
/// images attached to this post".
using gallery_lookup = std::function<std::vector<gallery_image>(const std::vector<std::string>& ids)>;

struct expanded_shortcodes {
    std::string html;
    std::vector<std::string> removed;  ///< names of unknown shortcodes removed, first seen first
};

/// Expands the shortcodes of `text`:
/// - `[caption ...]<img>text[/caption]` -> `<figure><img><figcaption>text</figcaption></figure>`;
/// - `[gallery]` -> a figure per image; `[playlist]` -> a link per track (`gallery` finds
///   them too); `[embed]URL[/embed]`, `[video]`/`[audio]` in every form (a `src` or type
///   attribute, the bare URL, WordPress.com's `URL,URL|titles=...`, an enclosed URL), the
///   hosted players (`[youtube ID]`, `[youtube=URL]`, `[vimeo]`, `[wpvideo]`...) and a URL alone
///   on its line (an oEmbed) -> links; `[code]`/`[sourcecode]` -> `<pre><code>`;
/// - any other shortcode is removed (an enclosing one keeps its content) and named in `removed`.
/// Brackets that are not a shortcode (`[sic]`, `[1]`) stay. Nothing inside <pre> is touched.
expanded_shortcodes expand_shortcodes(std::string_view text, const gallery_lookup& gallery);

} // namespace smolpub::import
