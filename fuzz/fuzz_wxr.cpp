// SPDX-License-Identifier: ISC
// The WXR reader reads whole exports that people edit by hand and tools write in many dialects
// (the corpus has every form of the wp namespace WordPress writes, and a missing one): any
// bytes give a channel or a located error, and never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "import/wxr_reader.hpp"
#include "text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    std::size_t items = 0;
    const auto read = smolpub::import::read_wxr_bytes(
        input, "fuzz.xml",
        [&](const smolpub::import::wxr_channel&, smolpub::import::wxr_item&& item) {
            ++items;
            // libxml2 hands over UTF-8 whatever the input's bytes.
            FUZZ_CHECK(smolpub::text::is_valid_utf8(item.title), input);
            FUZZ_CHECK(smolpub::text::is_valid_utf8(item.content), input);
        },
        (size % 2) == 0);
    if (!read)
        FUZZ_CHECK(read.error().starts_with("fuzz.xml:"), input);  // every failure is located
    return 0;
}
