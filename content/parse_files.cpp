#include "content/parse_files.hpp"

#include "content/reuse.hpp"
#include "content/packed_comments.hpp"
#include "content/file_text.hpp"
#include "content/parallel.hpp"

namespace smolpub::capsule {

namespace {

parsed_file parse_one(const parse_job& job)
{
    using markdown_result = tl::expected<parsed_markdown, diagnostic>;
    using comments_result = tl::expected<comment_archive, diagnostic>;
    if (job.unchanged)
        return reused(job);
    // Packed here, on the worker threads, so that the whole archive is never held
    // unpacked at once (content/packed_text.hpp).
    auto text = read_whole_file(*job.file);
    if (job.what == parse_job::kind::markdown) {
        if (!text)
            return markdown_result(tl::unexpected(text.error()));
        auto parsed = parse_markdown(*text, *job.file, job.rules);
        if (parsed) {
            parsed->packed = packed_text::pack(parsed->body);
            parsed->body = std::string{};
        }
        return parsed;
    }
    if (!text)
        return comments_result(tl::unexpected(text.error()));
    auto archive = read_comment_archive(*text, *job.file);
    if (archive) {
        archive->count = archive->comments.size();
        archive->packed = archive->comments.empty() ? nullptr : pack_comments(archive->comments);
        archive->comments = std::vector<comment>{};
    }
    return archive;
}

} // namespace

std::vector<std::unique_ptr<parsed_file>> parse_files(const std::vector<parse_job>& jobs)
{
    std::vector<std::unique_ptr<parsed_file>> results(jobs.size());
    parallel_for(jobs.size(), [&](std::size_t i) {
        if (!jobs[i].unchanged)
            results[i] = std::make_unique<parsed_file>(parse_one(jobs[i]));
    });
    return results;
}

parsed_file reused(const parse_job& job)
{
    if (job.what == parse_job::kind::markdown)
        return tl::expected<parsed_markdown, diagnostic>(as_parsed(*job.unchanged));
    return tl::expected<comment_archive, diagnostic>(as_archive(*job.unchanged));
}

} // namespace smolpub::capsule
