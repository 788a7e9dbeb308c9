// SPDX-License-Identifier: ISC
#pragma once
// Second step of load_content(): read and parse every Markdown file and comment archive.
// Files are independent, so this runs on several threads; the results come back in job
// order, which keeps the assembled model (and its diagnostics) deterministic.
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

#include "content/comments.hpp"
#include "content/markdown_file.hpp"

namespace smolpub::content {

struct parse_job {
    /// The scanned file's own path, not a copy: a std::filesystem::path costs a few hundred
    /// bytes, and a reload of a large capsule plans tens of thousands of jobs.
    const std::string* file = nullptr;
    enum class kind { markdown, comments } what = kind::markdown;
    markdown_rules rules;  ///< for markdown jobs
    /// Set when the file is unchanged since the previous load: its record there is
    /// taken as the result and the file is not read (content/reuse.hpp).
    const article* unchanged = nullptr;
};

/// The outcome of one job: a Markdown file or a comment archive, or why it is unusable.
using parsed_file = std::variant<tl::expected<parsed_markdown, diagnostic>,
                                 tl::expected<comment_archive, diagnostic>>;

/// Reads and parses each job's file (one read per file). results[i] belongs to jobs[i],
/// and is nullptr for a job with an `unchanged` record: a reload of a large capsule then
/// holds results only for what changed (use reused() when one is needed).
/// Uses up to one thread per core; an exception from a worker (out of memory) is rethrown.
/// Bodies and comments are packed against `samples`.
std::vector<std::unique_ptr<parsed_file>> parse_files(const std::vector<parse_job>& jobs,
                                                      const packing_samples& samples = {});

/// Samples of the capsule's own text to pack against: about 4 KB of Markdown bodies and
/// 4 KB of comment archives, from the first files of the jobs (a few short reads).
packing_samples sample_files(const std::vector<parse_job>& jobs);

/// The result of a job with an `unchanged` record: that record, as if parsed again.
parsed_file reused(const parse_job& job);

} // namespace smolpub::content
