#pragma once
// Second step of load_content(): read and parse every Markdown file and comment archive.
// Files are independent, so this runs on several threads; the results come back in job
// order, which keeps the assembled model (and its diagnostics) deterministic.
#include <filesystem>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

#include "content/comments.hpp"
#include "content/markdown_file.hpp"

namespace smolpub::capsule {

struct parse_job {
    std::filesystem::path file;
    enum class kind { markdown, comments } what = kind::markdown;
    markdown_rules rules;  ///< for markdown jobs
    /// Set when the file is unchanged since the previous load: its record there is
    /// taken as the result and the file is not read (content/reuse.hpp).
    const article* unchanged = nullptr;
};

/// The outcome of one job: a Markdown file or a comment archive, or why it is unusable.
using parsed_file = std::variant<tl::expected<parsed_markdown, diagnostic>,
                                 tl::expected<comment_archive, diagnostic>>;

/// Reads and parses each job's file (one read per file). results[i] belongs to jobs[i].
/// Uses up to one thread per core; an exception from a worker (out of memory) is rethrown.
std::vector<parsed_file> parse_files(const std::vector<parse_job>& jobs);

} // namespace smolpub::capsule
