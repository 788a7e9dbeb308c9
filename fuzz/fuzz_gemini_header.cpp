// SPDX-License-Identifier: ISC
// The Gemini header writer is the last line of defence against content that would write a
// header line of its own (a `lang` or redirect target holding CR/LF): whatever meta it is
// given, it must frame exactly one line, "NN meta\r\n", or the fixed refusal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "gemini/request.hpp"

namespace gemini = smolpub::gemini;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    for (const gemini::status code : {gemini::status::success, gemini::status::redirect_permanent,
                                      gemini::status::input, gemini::status::temporary_failure}) {
        const std::string head = gemini::header(code, input);
        // Exactly one line: one LF, at the very end, after the one CR.
        FUZZ_CHECK(head.size() >= 5 && head.ends_with("\r\n"), input);
        FUZZ_CHECK(head.find('\n') == head.size() - 1, input);
        FUZZ_CHECK(head.find('\r') == head.size() - 2, input);
        FUZZ_CHECK(head.size() <= 3 + gemini::max_meta_bytes + 2, input);
        for (std::size_t i = 0; i + 2 < head.size(); ++i) {
            const auto u = static_cast<unsigned char>(head[i]);
            FUZZ_CHECK(u >= 0x20 && u != 0x7f, input);
        }
        if (gemini::is_clean_meta(input))
            FUZZ_CHECK(head.starts_with(std::to_string(static_cast<int>(code)) + " "), input);
        else
            FUZZ_CHECK(head == gemini::refused_header, input);
    }
    return 0;
}
