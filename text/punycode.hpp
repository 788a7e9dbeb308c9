// SPDX-License-Identifier: ISC
#pragma once
// RFC 3492 Punycode, for comparing internationalised host names in one form.
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::text {

/// Encodes one UTF-8 label (without the "xn--" prefix). nullopt on invalid UTF-8 or overflow.
std::optional<std::string> punycode_encode(std::string_view utf8_label);

} // namespace smolpub::text
