#include "content/packed_text.hpp"

#include <functional>
#include <new>
#include <stdexcept>

#include <zlib.h>

namespace smolpub::content {
namespace {

/// Level 1: on short Markdown it packs within a few per cent of level 6 at about three
/// times the speed, and every file of a capsule is packed once at load.
constexpr int level = 1;

void check(int rc)
{
    if (rc == Z_MEM_ERROR)
        throw std::bad_alloc{};
    // Only memory corruption could make zlib fail on a stream we set up and fed ourselves.
    if (rc != Z_OK && rc != Z_STREAM_END)
        throw std::logic_error("packed_text: zlib failed");
}

/// One deflate and one inflate stream per thread, reset between texts: setting a stream up
/// allocates and clears about 270 KB, which would cost more than packing a 1.5 KB text.
// Raw deflate (no zlib header and checksum: six bytes a text); the length is kept beside.
constexpr int window_bits = -15;
constexpr int memory_level = 8;

struct deflater {
    z_stream z{};
    deflater() { check(deflateInit2(&z, level, Z_DEFLATED, window_bits, memory_level, Z_DEFAULT_STRATEGY)); }
    ~deflater() { deflateEnd(&z); }
    deflater(const deflater&) = delete;
    deflater& operator=(const deflater&) = delete;
};

struct inflater {
    z_stream z{};
    inflater() { check(inflateInit2(&z, window_bits)); }
    ~inflater() { inflateEnd(&z); }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;
};

Bytef* bytes(const char* p)
{
    return reinterpret_cast<Bytef*>(const_cast<char*>(p));
}

} // namespace

std::shared_ptr<const packed_text> packed_text::pack(std::string_view text, packing_sample sample)
{
    auto packed = std::make_shared<packed_text>();
    packed->size_ = text.size();
    packed->hash_ = std::hash<std::string_view>{}(text);
    // Below this a deflate stream's own header and checksum outweigh what it saves.
    constexpr std::size_t worth_deflating = 64;
    if (text.size() >= worth_deflating) {
        thread_local deflater d;
        check(deflateReset(&d.z));
        if (sample && !sample->empty())
            check(deflateSetDictionary(&d.z, bytes(sample->data()), static_cast<uInt>(sample->size())));
        std::string out(deflateBound(&d.z, static_cast<uLong>(text.size())), '\0');
        d.z.next_in = bytes(text.data());
        d.z.avail_in = static_cast<uInt>(text.size());
        d.z.next_out = bytes(out.data());
        d.z.avail_out = static_cast<uInt>(out.size());
        check(deflate(&d.z, Z_FINISH));
        if (d.z.total_out < text.size()) {
            out.resize(d.z.total_out);
            out.shrink_to_fit();
            packed->bytes_ = std::move(out);
            packed->deflated_ = true;
            packed->sample_ = std::move(sample);
            return packed;
        }
    }
    packed->bytes_.assign(text);
    return packed;
}

std::string packed_text::unpack() const
{
    if (!deflated_)
        return bytes_;
    thread_local inflater i;
    check(inflateReset(&i.z));
    if (sample_ && !sample_->empty())
        check(inflateSetDictionary(&i.z, bytes(sample_->data()), static_cast<uInt>(sample_->size())));
    std::string out(size_, '\0');
    i.z.next_in = bytes(bytes_.data());
    i.z.avail_in = static_cast<uInt>(bytes_.size());
    i.z.next_out = bytes(out.data());
    i.z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&i.z, Z_FINISH);
    if (rc != Z_STREAM_END || i.z.total_out != size_)
        check(rc == Z_STREAM_END ? Z_DATA_ERROR : rc);
    return out;
}

} // namespace smolpub::content
