// SPDX-License-Identifier: ISC
#include "content/parse_files.hpp"

#include "content/reuse.hpp"
#include "content/packed_comments.hpp"
#include "content/file_text.hpp"
#include "content/parallel.hpp"

#include <algorithm>
#include <fstream>

namespace smolpub::content {

namespace {

parsed_file parse_one(const parse_job& job, const packing_samples& samples)
{
    using markdown_result = tl::expected<parsed_markdown, diagnostic>;
    using comments_result = tl::expected<comment_archive, diagnostic>;
    if (job.unchanged)
        return reused(job);
    // Packed here, on the worker threads, so that the whole archive is never held
    // unpacked at once (content/packed_text.hpp).
    const std::filesystem::path file{*job.file};
    auto text = read_whole_file(file);
    if (job.what == parse_job::kind::markdown) {
        if (!text)
            return markdown_result(tl::unexpected(text.error()));
        auto parsed = parse_markdown(*text, file, job.rules);
        if (parsed) {
            parsed->packed = packed_text::pack(parsed->body, samples.markdown);
            parsed->body = std::string{};
        }
        return parsed;
    }
    if (!text)
        return comments_result(tl::unexpected(text.error()));
    auto archive = read_comment_archive(*text, file);
    if (archive) {
        archive->count = archive->comments.size();
        archive->packed = archive->comments.empty() ? nullptr : pack_comments(archive->comments, samples.comments);
        archive->comments = std::vector<comment>{};
    }
    return archive;
}

} // namespace

std::vector<std::unique_ptr<parsed_file>> parse_files(const std::vector<parse_job>& jobs, const packing_samples& samples)
{
    std::vector<std::unique_ptr<parsed_file>> results(jobs.size());
    parallel_for(jobs.size(), [&](std::size_t i) {
        if (!jobs[i].unchanged)
            results[i] = std::make_unique<parsed_file>(parse_one(jobs[i], samples));
    });
    return results;
}

parsed_file reused(const parse_job& job)
{
    if (job.what == parse_job::kind::markdown)
        return tl::expected<parsed_markdown, diagnostic>(as_parsed(*job.unchanged));
    return tl::expected<comment_archive, diagnostic>(as_archive(*job.unchanged));
}

packing_samples sample_files(const std::vector<parse_job>& jobs)
{
    // 4 KB: measured on bench/archive_gen.py's archive, 2 KB already gives most of the gain
    // and 32 KB no more than 4 KB, and a bigger sample is slower to
    // pack against.
    constexpr std::size_t sample_size = 4096;
    constexpr std::size_t per_file = 512;
    std::string markdown, comments;
    for (const parse_job& job : jobs) {
        std::string& sample = job.what == parse_job::kind::markdown ? markdown : comments;
        if (sample.size() >= sample_size)
            continue;
        if (markdown.size() >= sample_size && comments.size() >= sample_size)
            break;
        std::ifstream in(*job.file, std::ios::binary);
        std::string head(2 * per_file, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        std::string_view text = head;
        // The body is what gets packed, not the front matter above it.
        if (job.what == parse_job::kind::markdown && text.starts_with("+++")) {
            const auto end = text.find("\n+++", 3);
            text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 4);
        }
        sample.append(text.substr(0, std::min({per_file, text.size(), sample_size - sample.size()})));
    }
    return {make_packing_sample(std::move(markdown)), make_packing_sample(std::move(comments))};
}

} // namespace smolpub::content
