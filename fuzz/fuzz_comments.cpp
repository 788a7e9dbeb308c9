// SPDX-License-Identifier: ISC
// Comment archives come from blog export tools, not from the capsule's author; parse_comments
// must never crash on them, and what it returns must be safe to thread into pages.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "content/content.hpp"
#include "fuzz/fuzz_check.hpp"
#include "text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    const auto comments = smolpub::content::parse_comments(input, "fuzz.comments.toml");
    if (!comments) {
        FUZZ_CHECK(!comments.error().message.empty(), input);
        return 0;
    }
    // Ids are unique and every reply names an earlier comment, so threads are acyclic.
    std::unordered_set<std::string> seen;
    for (const auto& c : *comments) {
        FUZZ_CHECK(!c.id.empty(), input);
        FUZZ_CHECK(seen.insert(c.id).second, input);
        FUZZ_CHECK(c.reply_to.empty() || (c.reply_to != c.id && seen.contains(c.reply_to)), input);
        FUZZ_CHECK(smolpub::text::is_valid_utf8(c.body_markdown), input);
        FUZZ_CHECK(smolpub::text::is_valid_utf8(c.author), input);
    }
    return 0;
}
