// SPDX-License-Identifier: ISC
#pragma once
// An article's comments as one packed_text: laid end to end (each field length-prefixed),
// then compressed together, since one comment alone is too short to compress well.
#include <memory>
#include <vector>

#include "content/model.hpp"
#include "content/packed_text.hpp"

namespace smolpub::content {

/// `comments`, in order, as one packed text.
std::shared_ptr<const packed_text> pack_comments(const std::vector<comment>& comments,
                                                 packing_sample sample = nullptr);

/// The comments pack_comments() was given, equal field by field.
std::vector<comment> unpack_comments(const packed_text& packed);

} // namespace smolpub::content
