#include "capsule/content_parse.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "capsule/content_reuse.hpp"
#include "capsule/content_text.hpp"

namespace smolpub::capsule {

namespace {

parsed_file parse_one(const parse_job& job)
{
    using markdown_result = tl::expected<parsed_markdown, diagnostic>;
    using comments_result = tl::expected<comment_archive, diagnostic>;
    if (job.unchanged) {
        if (job.what == parse_job::kind::markdown)
            return markdown_result(as_parsed(*job.unchanged));
        return comments_result(as_archive(*job.unchanged));
    }
    auto text = read_whole_file(job.file);
    if (job.what == parse_job::kind::markdown) {
        if (!text)
            return markdown_result(tl::unexpected(text.error()));
        return parse_markdown(*text, job.file, job.rules);
    }
    if (!text)
        return comments_result(tl::unexpected(text.error()));
    return read_comment_archive(*text, job.file);
}

/// Enough threads to use the machine, but not one per handful of files: starting a
/// thread costs about as much as parsing a few small files.
unsigned worker_count(std::size_t jobs)
{
    constexpr std::size_t jobs_per_thread = 64;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t wanted = jobs / jobs_per_thread + 1;
    return static_cast<unsigned>(std::min<std::size_t>({cores, wanted, 16}));
}

} // namespace

std::vector<parsed_file> parse_files(const std::vector<parse_job>& jobs)
{
    std::vector<parsed_file> results(jobs.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex failure_lock;

    // Each worker takes the next unclaimed job; every result slot is written by exactly one
    // thread, and read only after all of them are joined.
    const auto work = [&] {
        try {
            for (std::size_t i = next++; i < jobs.size() && !failed; i = next++)
                results[i] = parse_one(jobs[i]);
        } catch (...) {
            const std::lock_guard lock(failure_lock);
            if (!failure)
                failure = std::current_exception();
            failed = true;
        }
    };

    const unsigned helpers = worker_count(jobs.size()) - 1;
    std::vector<std::thread> threads;
    threads.reserve(helpers);
    for (unsigned t = 0; t < helpers; ++t) {
        try {
            threads.emplace_back(work);
        } catch (const std::system_error&) {
            break;  // no more threads available: the ones we have finish the work
        }
    }
    work();  // the calling thread works too
    for (std::thread& t : threads)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
    return results;
}

} // namespace smolpub::capsule
