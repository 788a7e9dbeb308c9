// SPDX-License-Identifier: ISC
#pragma once
// Comment archives with the soft problems parse_comments() leaves out.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "content/diagnostic.hpp"
#include "content/model.hpp"

namespace smolpub::content {

/// A parsed archive plus problems that did not cost the whole file: a duplicate id (that
/// comment is dropped) or a reply_to naming no earlier comment (shown as top level).
struct comment_archive {
    std::vector<comment> comments;
    std::vector<diagnostic> warnings;
    /// The loader's form: the comments packed (then `comments` is empty), as the model
    /// holds them, and how many there are.
    std::shared_ptr<const packed_text> packed{};
    std::size_t count = 0;
};

/// What parse_comments() does, keeping the warnings. The error means the file is unusable.
tl::expected<comment_archive, diagnostic> read_comment_archive(std::string_view text,
                                                               const std::filesystem::path& file);

} // namespace smolpub::content
