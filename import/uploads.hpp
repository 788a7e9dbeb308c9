// SPDX-License-Identifier: ISC
#pragma once
// Images and files under wp-content/uploads/: with a copy of that folder (--uploads), each
// file a post refers to is copied into the capsule once and linked there.
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "import/capsule_files.hpp"

namespace smolpub::import {

class upload_copier {
public:
    /// `uploads`: the copy of wp-content/uploads; `files`: the capsule, copied under
    /// `content/uploads/`.
    upload_copier(std::filesystem::path uploads, capsule_files& files) : from_(std::move(uploads)), files_(files) {}

    /// The capsule URL ("/uploads/2009/03/x.jpg") of the upload at `path` ("2009/03/x-300x225.jpg"),
    /// copying it on first use. The full-size original is preferred to a `-WxH` thumbnail
    /// when both exist. nullopt when the file is not in the uploads folder.
    std::optional<std::string> link(const std::string& path);

    std::size_t copied() const { return copied_; }

private:
    std::filesystem::path from_;
    capsule_files& files_;
    std::unordered_map<std::string, std::optional<std::string>> done_;
    std::size_t copied_ = 0;
};

/// "x-300x225.jpg" -> "x.jpg"; nullopt when the name has no `-WxH` size suffix.
std::optional<std::string> full_size_name(const std::string& path);

} // namespace smolpub::import
