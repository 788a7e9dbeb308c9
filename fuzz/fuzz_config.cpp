// SPDX-License-Identifier: ISC
// smolpub.toml is trusted input, but a config that crashes the server instead of printing
// `file:line:col: message` is a bug; the fuzzer checks every failure names a place.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/config.hpp"
#include "fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input{reinterpret_cast<const char*>(data), size};
    const auto cfg = smolpub::content::parse_config(input, "/fuzz/smolpub.toml");
    if (!cfg) {
        FUZZ_CHECK(!cfg.error().empty(), input);
        for (const auto& problem : cfg.error()) {
            FUZZ_CHECK(!problem.message.empty(), input);
            FUZZ_CHECK(problem.line >= 0 && problem.column >= 0, input);
            FUZZ_CHECK(problem.text().starts_with("/fuzz/smolpub.toml"), input);
        }
        return 0;
    }
    FUZZ_CHECK(!cfg->sites.empty(), input);
    for (const auto& site : cfg->sites) {
        FUZZ_CHECK(site.content_dir.is_absolute(), input);
        FUZZ_CHECK(site.gopher_port >= 1 && site.gopher_port <= 65535, input);
    }
    return 0;
}
