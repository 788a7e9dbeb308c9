// SPDX-License-Identifier: ISC
#pragma once
// Text the content model keeps but seldom reads: an article's Markdown body, its comments.
// A page is made from it only when first asked for (then cached), so the model holds it
// compressed (zstd) and unpacks it for that one render. Immutable once made, and shared by
// every snapshot whose record came from the same version of the file: so it is kept in
// the lasting pool (content/lasting_memory.hpp), not among one snapshot's records.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "content/lasting_memory.hpp"

namespace smolpub::content {

/// A few KB of a capsule's own text that packing may refer back to (a zstd dictionary).
/// A 1.5 KB article alone has few repeats to find; with a sample of its neighbours it packs
/// about a third smaller (bench/archive_gen.py's archive: 2.1 -> 3.0 times). The sample is
/// prepared once for packing and once for unpacking, not again for every text.
class packing_dictionary;
using packing_sample = std::shared_ptr<const packing_dictionary>;

/// `text` prepared as a sample; null when it is empty.
packing_sample make_packing_sample(std::string text);

/// The samples one load packs against: Markdown bodies, and comments.
struct packing_samples {
    packing_sample markdown{};
    packing_sample comments{};
};

class packed_text {
public:
    /// `text` compressed (against `sample`, if any), or kept as is when that would not
    /// make it smaller. The packed text keeps its sample alive.
    static std::shared_ptr<const packed_text> pack(std::string_view text, packing_sample sample = nullptr);

    /// The text as it was packed.
    std::string unpack() const;
    /// Its length unpacked.
    std::size_t size() const { return size_; }
    /// A 64-bit hash of the unpacked text: two packs of the same text have the same one.
    std::uint64_t hash() const { return hash_; }
    /// What it costs held (the bytes kept, without the object itself).
    std::size_t packed_size() const { return bytes_.size(); }

private:
    lasting_string bytes_;
    packing_sample sample_;
    std::size_t size_ = 0;
    std::uint64_t hash_ = 0;
    bool compressed_ = false;
};

} // namespace smolpub::content
