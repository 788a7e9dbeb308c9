// SPDX-License-Identifier: ISC
#include "runtime/status.hpp"

#include <ctime>

namespace smolpub::runtime {

namespace {

std::string utc(std::chrono::system_clock::time_point at)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm parts{};
    ::gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::string count(std::size_t n, std::string_view one, std::string_view many)
{
    return std::to_string(n) + " " + std::string{n == 1 ? one : many};
}

std::string listing(const std::vector<std::string>& addresses)
{
    std::string out;
    for (const auto& a : addresses)
        out += (out.empty() ? "" : ", ") + a;
    return out;
}

/// The web face: its listeners, each site's base_url and the HTTPS certificate served.
std::string describe_web(const runtime_state& state)
{
    const content::config& config = state.config;
    if (!config.web())
        return {};
    std::string out = "smolpub: status: web: ";
    if (!config.http_listen.empty())
        out += "http on " + listing(config.http_listen);
    if (!config.http_tls_listen.empty())
        out += std::string{config.http_listen.empty() ? "" : "; "} + "https on " + listing(config.http_tls_listen);
    for (const hosted_site& hosted : state.sites)
        out += "; " + (hosted.settings.hostnames.empty() ? std::string{"-"} : hosted.settings.hostnames.front()) +
               " at " + hosted.settings.web_base_url;
    if (state.https_sni && !state.https_sni->identities().empty()) {
        const tls::identity& id = state.https_sni->identities().front();
        out += "; HTTPS certificate " + id.cert_file.string() + " (SHA-256 " + id.cert_sha256 + ", expires " +
               id.not_after + ")";
    }
    return out + '\n';
}

} // namespace

std::string describe_state(const runtime_state& state)
{
    std::string out;
    for (const hosted_site& hosted : state.sites) {
        const site::load_summary& summary = hosted.site->summary();
        out += "smolpub: status: " + (hosted.settings.hostnames.empty() ? std::string{"-"} : hosted.settings.hostnames.front()) +
               ": " + count(summary.articles, "article", "articles") + ", " + count(summary.pages, "page", "pages") +
               ", " + count(summary.comments, "comment", "comments") + ", " +
               count(summary.categories, "category", "categories") + ", " +
               count(hosted.site->problems().size(), "problem", "problems") + "; built " + utc(state.built_at);
        const content::tree* model = hosted.site ? hosted.site->model() : nullptr;
        const std::size_t kept = model ? model->kept_last_good.size() : 0;
        out += "; " + count(kept, "file", "files") + " at the last good version";
        for (std::size_t i = 0; i < kept; ++i)
            out += (i == 0 ? ": " : ", ") + model->kept_last_good[i].string();
        out += '\n';
    }
    out += describe_web(state);
    return out;
}

std::string describe_access_log(std::uint64_t dropped)
{
    return "smolpub: status: access log: " + std::to_string(dropped) + (dropped == 1 ? " line" : " lines") +
           " dropped (queue full)\n";
}

} // namespace smolpub::runtime
