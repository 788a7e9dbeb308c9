// SPDX-License-Identifier: ISC
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace smolpub::content {

/// A problem in a file the user wrote: printed as `file:line:col: message`.
struct diagnostic {
    std::filesystem::path file;
    int line = 0;    ///< 0 when unknown
    int column = 0;  ///< 0 when unknown
    std::string message;
    /// Further problems of the same file, found after this one (a front matter with two
    /// broken lines): reported after it, each on its own line.
    std::vector<diagnostic> also{};
    /// "file:line:col: message" (line and column left out when unknown).
    std::string text() const;
};

} // namespace smolpub::content
