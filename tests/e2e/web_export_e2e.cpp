// SPDX-License-Identifier: ISC
// The web face through `smolpub build OUT` (OUT/html/): the same bytes as answer_web, every
// page kind of the example capsule valid for tidy, and what text browsers (lynx, w3m, which
// `run.sh test` installs) show of an article: breadcrumb, body, then its comments.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_support.hpp"
#include "content/config.hpp"
#include "server_harness.hpp"
#include "site/page_cache.hpp"
#include "site/site.hpp"

using namespace smolpub::e2e;
namespace fs = std::filesystem;

namespace {

/// Runs a shell command (bounded by `timeout`); its stdout and stderr, and its exit status.
std::pair<std::string, int> run(const std::string& command)
{
    std::string out;
    FILE* pipe = ::popen(("timeout 20 " + command + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/// `path` for the shell, single-quoted.
std::string quoted(const fs::path& path)
{
    std::string out = "'";
    for (char c : path.string())
        out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return out + "'";
}

/// `run.sh test` installs these, so a missing one is a failure, not a skip.
void require_installed(const char* program)
{
    REQUIRE_MESSAGE(std::system((std::string{"command -v "} + program + " >/dev/null").c_str()) == 0,
                    program << " is not installed; ./run.sh test installs it");
}

/// The example capsule exported once for every case here.
struct web_export {
    scratch_dir dir;
    fs::path out;
    fs::path html;
    web_export()
    {
        copy_example_capsule(dir.path());
        write_text(dir.path() / "smolpub.toml", "[site]\ntitle = \"Lantern Lane\"\nauthor = \"Wren Okafor\"\n"
                                                "content = \"capsule\"\nlang = \"en\"\n"
                                                "[gemini]\nlisten = [\"127.0.0.1:0\"]\n");
        out = dir.path() / "export";
        const auto built = run_smolpub({"build", out.string(), "--config", (dir.path() / "smolpub.toml").string()},
                                       dir.path());
        INFO(built.err);
        REQUIRE(built.code == 0);
        CHECK(built.out.find(" web files to ") != std::string::npos);
        html = out / "html";
    }
    /// The web path a file of the export answers: "dir/index.html" is "/dir/".
    std::string path_of(const fs::path& file) const
    {
        std::string path = "/" + file.lexically_relative(html).generic_string();
        if (file.filename() == "index.html")
            path.erase(path.size() - std::string_view{"index.html"}.size());
        return path;
    }
};

const web_export& exported()
{
    static const web_export e;
    return e;
}

std::string dump(const char* browser, const fs::path& file)
{
    const auto [text, code] = run(std::string{browser} + " -dump " + quoted(file));
    CHECK(code == 0);
    return text;
}

/// Breadcrumb, title, body, comments and the closed notice, in this order.
void check_reading_order(const std::string& text)
{
    INFO(text);
    const auto home = text.find("Home");
    const auto notes = text.find("Field notes", home);
    const auto title = text.find("Heron at the weir", notes);
    const auto body = text.find("owns the weir", title);
    const auto comment = text.find("Tomasz", body);
    const auto reply = text.find("Herons do travel further", comment);
    const auto closed = text.find("Comments are closed", reply);
    CHECK(home != std::string::npos);
    CHECK(notes != std::string::npos);
    CHECK(title != std::string::npos);
    CHECK(body != std::string::npos);
    CHECK(comment != std::string::npos);
    CHECK(reply != std::string::npos);
    CHECK(closed != std::string::npos);
    CHECK(text.find("<p>") == std::string::npos);  // rendered, not shown as markup
}

/// Runs tidy on every .html file under `root`; fails on any report but tidy 5.8's (Debian
/// 12) gap: it does not know ARIA 1.1's aria-current yet. How many files it checked.
template <class Name>
std::size_t tidy_clean(const fs::path& root, Name name)
{
    std::size_t checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator{root}) {
        if (!entry.is_regular_file() || entry.path().extension() != ".html")
            continue;
        const auto [report, code] = run("tidy -errors -q " + quoted(entry.path()));
        INFO(name(entry.path()) << ":\n" << report);
        CHECK(code < 2);  // 2: errors
        std::string left;
        for (std::size_t at = 0; at < report.size();) {
            const auto end = report.find('\n', at);
            const std::string line = report.substr(at, end - at);
            if (!line.empty() && line.find("proprietary attribute \"aria-current\"") == std::string::npos)
                left += line + '\n';
            at = end == std::string::npos ? report.size() : end + 1;
        }
        CHECK(left.empty());
        ++checked;
    }
    return checked;
}

} // namespace

TEST_CASE("web export: every file holds what answer_web serves, pages are HTML, aliases redirect")
{
    const web_export& e = exported();
    const auto config = smolpub::content::load_config(e.dir.path() / "smolpub.toml");
    REQUIRE(config);
    const auto site = smolpub::site::load_site(config->sites.front(), std::make_shared<smolpub::site::page_cache>(config->limit.cache_bytes));
    REQUIRE(site);
    std::size_t pages = 0, redirects = 0;
    for (const auto& entry : fs::recursive_directory_iterator{e.html}) {
        if (!entry.is_regular_file() || entry.path().filename() == "nginx-redirects.map")
            continue;
        const std::string path = e.path_of(entry.path());
        INFO("path: " << path);
        const std::string bytes = read_file(entry.path());
        const auto answer = (*site)->answer_web(path, std::nullopt);
        if (answer.what == smolpub::site::route_result::outcome::redirect) {
            CHECK(bytes == (*site)->web_redirect_page(answer.target));
            CHECK(bytes.find("<meta http-equiv=\"refresh\" content=\"0; url=" + answer.target + "\">") != std::string::npos);
            ++redirects;
            continue;
        }
        REQUIRE(answer.what == smolpub::site::route_result::outcome::found);
        if (answer.doc->file)
            continue;  // a static file, copied as it is
        CHECK(bytes == answer.doc->body);
        if (answer.doc->mime == "text/html; charset=utf-8")
            ++pages;
    }
    CHECK(pages > 20);  // home, categories, articles, pages, tags, archive
    CHECK(redirects > 0);
    // The WordPress-style alias of the example, as a redirect page and an nginx map line.
    CHECK(read_file(e.html / "blog/2024/09/heron/index.html").find("url=/notes/heron-at-the-weir/") != std::string::npos);
    const std::string map = read_file(e.html / "nginx-redirects.map");
    CHECK(map.find("\n\"/blog/2024/09/heron/\" \"/notes/heron-at-the-weir/\";\n") != std::string::npos);
    CHECK(map.find("\n\"/feed/\" \"/atom.xml\";\n") != std::string::npos);
    CHECK(fs::exists(e.html / "style.css"));
    CHECK(fs::exists(e.html / "sitemap.xml"));
    CHECK(fs::exists(e.html / "atom.xml"));
    CHECK(fs::exists(e.html / "images/weir.svg"));
    CHECK_FALSE(fs::exists(e.html / "notes/heron-at-the-weir.gmi"));
}

TEST_CASE("web export: tidy finds no errors and no warnings in any page of the example capsule")
{
    require_installed("tidy");
    const web_export& e = exported();
    CHECK(tidy_clean(e.html, [&e](const fs::path& f) { return e.path_of(f); }) > 20);
}

TEST_CASE("web export: an imported WordPress blog passes tidy too, its old permalinks as redirect pages")
{
    require_installed("tidy");
    scratch_dir dir;
    const fs::path blog = dir.path() / "blog";
    const auto imported = run_smolpub({"import", "wordpress", (fs::path{SMOLPUB_SOURCE_DIR} / "tests/import/fixtures/wxr12.xml").string(),
                                       blog.string(), "--hostname", "localhost"},
                                      dir.path());
    INFO(imported.err);
    REQUIRE(imported.code == 0);
    const fs::path out = dir.path() / "export";
    const auto built = run_smolpub({"build", out.string(), "--config", (blog / "smolpub.toml").string()}, dir.path());
    INFO(built.err);
    REQUIRE(built.code == 0);
    CHECK(tidy_clean(out / "html", [](const fs::path& f) { return f.string(); }) > 5);
    CHECK(read_file(out / "html/2009/03/10/herons-return/index.html").find("url=/news/local/herons-return/") !=
          std::string::npos);
}

TEST_CASE("web export: lynx and w3m show the breadcrumb, the body and the comments in order")
{
    require_installed("lynx");
    require_installed("w3m");
    const fs::path article = exported().html / "notes/heron-at-the-weir/index.html";
    check_reading_order(dump("lynx", article));
    check_reading_order(dump("w3m", article));
}

TEST_CASE("web export: an article page and the stylesheet stay within the gemtext size plus 8 KB")
{
    const web_export& e = exported();
    const auto css = fs::file_size(e.html / "style.css");
    std::size_t articles = 0;
    for (const auto& entry : fs::recursive_directory_iterator{e.out / "gemini"}) {
        const fs::path gmi = entry.path();
        if (gmi.extension() != ".gmi" || gmi.filename() == "index.gmi" || gmi.filename() == "comments.gmi")
            continue;
        const fs::path rel = gmi.lexically_relative(e.out / "gemini");
        const fs::path page = e.html / rel.parent_path() / rel.stem() / "index.html";
        INFO(rel.generic_string());
        REQUIRE(fs::exists(page));
        CHECK(fs::file_size(page) + css <= fs::file_size(gmi) + 8 * 1024);
        ++articles;
    }
    CHECK(articles >= 6);
}
