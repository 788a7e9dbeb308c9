#pragma once
// Text the content model keeps but seldom reads: an article's Markdown body, its comments.
// A page is made from it only when first asked for (then cached), so the model holds it
// deflated (zlib) and inflates it for that one render. Immutable once made, and shared by
// every snapshot whose record came from the same version of the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace smolpub::capsule {

class packed_text {
public:
    /// `text` deflated, or kept as is when deflating would not make it smaller.
    static std::shared_ptr<const packed_text> pack(std::string_view text);

    /// The text as it was packed.
    std::string unpack() const;
    /// Its length unpacked.
    std::size_t size() const { return size_; }
    /// A 64-bit hash of the unpacked text: two packs of the same text have the same one.
    std::uint64_t hash() const { return hash_; }
    /// What it costs held (the bytes kept, without the object itself).
    std::size_t packed_size() const { return bytes_.size(); }

private:
    std::string bytes_;
    std::size_t size_ = 0;
    std::uint64_t hash_ = 0;
    bool deflated_ = false;
};

} // namespace smolpub::capsule
