// SPDX-License-Identifier: ISC
// The operator commands, run as the real binary: exit codes, what they print, what they write.
#include <doctest/doctest.h>

#include <ctime>

#include "content/config.hpp"
#include "content/content.hpp"
#include "site/page_cache.hpp"
#include "site/site.hpp"
#include "tls/identity.hpp"
#include "cli_support.hpp"

namespace smolpub::e2e {
namespace {

const fs::path examples_config = fs::path(SMOLPUB_SOURCE_DIR) / "examples" / "smolpub.toml";

/// The value printed after `label` in `smolpub cert` output, e.g. "SHA-256".
std::string field(const std::string& out, std::string_view label)
{
    for (const auto& line : lines_with(out, label)) {
        const auto at = line.find(label);
        if (line.substr(0, at).find_first_not_of(' ') != std::string::npos)
            continue;  // the label must start the line
        const auto value = line.find_first_not_of(' ', at + label.size());
        if (value != std::string::npos && line.substr(at + label.size(), value - at - label.size()).size() >= 2)
            return line.substr(value);
    }
    return {};
}

/// A Markdown article with front matter.
std::string article(std::string_view title, std::string_view extra, std::string_view body)
{
    return "+++\ntitle = \"" + std::string{title} + "\"\ndate = 2026-01-02\n" + std::string{extra} + "+++\n" +
           std::string{body};
}

} // namespace

TEST_CASE("every command answers --help with its usage and exit 0")
{
    temp_dir dir;
    const auto top = run_smolpub({"--help"}, dir.path());
    CHECK(top.code == 0);
    for (std::string command : {"serve", "check", "build", "new", "cert"}) {
        CAPTURE(command);
        CHECK(top.out.find("\n  " + command) != std::string::npos);
        const auto help = run_smolpub({command, "--help"}, dir.path());
        CHECK(help.code == 0);
        CHECK(help.out.starts_with("usage: smolpub " + command));
        CHECK(help.err.empty());
    }
    SUBCASE("unknown options and wrong argument counts are usage errors")
    {
        CHECK(run_smolpub({"check", "--bogus"}, dir.path()).code == 2);
        CHECK(run_smolpub({"build"}, dir.path()).code == 2);
        CHECK(run_smolpub({"new", "notes/x"}, dir.path()).code == 2);
        CHECK(run_smolpub({"cert", "--hostname"}, dir.path()).code == 2);
        CHECK(run_smolpub({"frobnicate"}, dir.path()).code == 2);
        const auto bogus = run_smolpub({"help", "bogus"}, dir.path());
        CHECK(bogus.code == 2);
        CHECK(bogus.out.empty());
        CHECK(bogus.err.find("unknown help topic 'bogus'") != std::string::npos);
        CHECK(run_smolpub({"help", "config"}, dir.path()).code == 0);
    }
}

TEST_CASE("help config is wrapped text for a terminal, and --markdown the README's tables")
{
    temp_dir dir;
    const auto text = run_smolpub({"help", "config"}, dir.path());
    CHECK(text.code == 0);
    CHECK(text.out.find("[site]\n  title = \"smolpub capsule\"    (string)\n      Site title:") != std::string::npos);
    CHECK(text.out.find("[gopher]\n") != std::string::npos);
    std::size_t lines = 0;
    for (std::size_t at = 0; at < text.out.size(); ++lines) {
        const auto end = text.out.find('\n', at);
        const std::string line = text.out.substr(at, end - at);
        CAPTURE(line);
        CHECK(line.find('|') == std::string::npos);  // no Markdown table
        CHECK(line.find('`') == std::string::npos);
        // Only a default value may run past 78 columns; the explanations are wrapped.
        if (line.starts_with("      "))
            CHECK(line.size() <= 78);
        at = end == std::string::npos ? text.out.size() : end + 1;
    }
    CHECK(lines > 50);
    const auto markdown = run_smolpub({"help", "config", "--markdown"}, dir.path());
    CHECK(markdown.code == 0);
    CHECK(markdown.out.find("| `site.title` | string | `\"smolpub capsule\"` |") != std::string::npos);
    CHECK(read_file(fs::path{SMOLPUB_SOURCE_DIR} / "README.md").find(markdown.out) != std::string::npos);
    CHECK(run_smolpub({"help", "config", "--bogus"}, dir.path()).code == 2);
}

TEST_CASE("serve and check in a folder without smolpub.toml point at smolpub init and exit 1")
{
    temp_dir dir;
    for (std::string command : {"serve", "check"}) {
        CAPTURE(command);
        const auto run = run_smolpub({command}, dir.path());
        CHECK(run.code == 1);
        CHECK(run.err.find("no smolpub.toml here; run `smolpub init` to make one, or pass --config FILE")
              != std::string::npos);
    }
}

TEST_CASE("the man page and README name every command and option that --help lists")
{
    temp_dir dir;
    const std::string man = read_file(fs::path(SMOLPUB_SOURCE_DIR) / "packaging" / "smolpub.1");
    const std::string readme = read_file(fs::path(SMOLPUB_SOURCE_DIR) / "README.md");
    REQUIRE_FALSE(man.empty());
    const auto top = run_smolpub({"--help"}, dir.path());
    const auto commands_at = top.out.find("Commands:\n");
    REQUIRE(commands_at != std::string::npos);
    std::size_t commands = 0;
    for (std::size_t pos = top.out.find('\n', commands_at) + 1; top.out.compare(pos, 2, "  ") == 0;
         pos = top.out.find('\n', pos) + 1) {
        const auto name_at = top.out.find_first_not_of(' ', pos);
        const std::string command = top.out.substr(name_at, top.out.find(' ', name_at) - name_at);
        CAPTURE(command);
        ++commands;
        // Each command has its own entry in the COMMANDS section.
        const auto section = man.find(".SH COMMANDS");
        CHECK((man.find("\n.TP\n.B " + command, section) != std::string::npos ||
               man.find("\n.TP\n.BI " + command, section) != std::string::npos));
        CHECK((readme.find("`smolpub " + command) != std::string::npos ||
               readme.find("`smolpub [" + command + "]") != std::string::npos));
        if (command == "help")
            continue;
        // Every long option of the command's own help, as roff writes it ("\-\-force").
        const std::string help = run_smolpub({command, "--help"}, dir.path()).out;
        for (auto at = help.find("--"); at != std::string::npos; at = help.find("--", at + 2)) {
            const auto end = help.find_first_not_of("abcdefghijklmnopqrstuvwxyz-", at + 2);
            const std::string option = help.substr(at, end - at);
            CAPTURE(option);
            CHECK(man.find("\\-\\-" + option.substr(2)) != std::string::npos);
        }
    }
    CHECK(commands >= 6);
}

TEST_CASE("check passes the example capsule")
{
    temp_dir dir;
    const auto r = run_smolpub({"check", "--config", examples_config.string()}, dir.path());
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.starts_with("smolpub: no problems"));
}

TEST_CASE("check reports one of each problem as file:line:col and exits 1")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path notes = dir.path() / "capsule" / "notes";
    const std::string link_line = "See [missing.md](missing.md) and [a draft](draft.md).";
    write_file(notes / "good.md", article("Good", "", "First paragraph.\n\n" + link_line + "\n"));
    write_file(notes / "draft.md", article("Draft", "draft = true\n", "Not yet.\n"));
    write_file(notes / "bad.md", "+++\ntitle = \"Bad\ndate = 2026-01-02\n+++\nBody.\n");
    write_file(notes / "orphan.comments.toml", "[[comment]]\nauthor = \"A\"\nbody = \"Hi\"\n");
    write_file(notes / "one.md", article("One", "slug = \"same\"\n", "One.\n"));
    write_file(notes / "two.md", article("Two", "slug = \"same\"\n", "Two.\n"));

    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    INFO(r.err);

    // The link line is line 7 of good.md: four lines of front matter, a paragraph, a blank.
    // Columns point at the link destinations, not at a link text spelling the same name.
    const auto column = [&](std::string_view target) { return std::to_string(link_line.find("(" + std::string{target}) + 2); };
    CHECK(lines_with(r.err, (notes / "good.md").string() + ":7:" + column("missing.md") + ": broken link").size() == 1);
    CHECK(lines_with(r.err, (notes / "good.md").string() + ":7:" + column("draft.md") + ": link to draft").size() == 1);
    CHECK(lines_with(r.err, (notes / "bad.md").string() + ":2:").size() == 1);
    CHECK(lines_with(r.err, (notes / "orphan.comments.toml").string() + ":1:1: comments for missing article").size() == 1);
    CHECK(lines_with(r.err, (notes / "two.md").string() + ":1:1: duplicate slug 'same'").size() == 1);
    // Nothing else: the broken source links are not reported a second time from the page.
    CHECK(lines_with(r.err, "gemini:").empty());
    CHECK(lines_with(r.err, "smolpub: 5 problems").size() == 1);
}

TEST_CASE("check follows the => lines of generated pages")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path notes = dir.path() / "capsule" / "notes";
    write_file(notes / "a.md", article("A", "", "Fine.\n"));
    // Comment bodies are only seen on the generated comments page.
    write_file(notes / "a.comments.toml",
               "[[comment]]\nauthor = \"B\"\ndate = 2026-01-03\nbody = \"See [gone](/nowhere/gone.gmi) and [ok](/notes/a.gmi)\"\n");

    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    CHECK(r.code == 1);
    INFO(r.err);
    const auto broken = lines_with(r.err, "link to /nowhere/gone.gmi does not resolve");
    REQUIRE(broken.size() == 1);
    CHECK(broken[0].starts_with("gemini:/notes/a/comments.gmi:"));
    CHECK(lines_with(r.err, "/notes/a.gmi does not resolve").empty());
}

TEST_CASE("check reports configuration errors with their position")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    SUBCASE("a value of the wrong type")
    {
        write_file(config, "[site]\ntitle = 12\n");
        const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
        CHECK(r.code == 1);
        CHECK(lines_with(r.err, config.string() + ":2:").size() == 1);
    }
    SUBCASE("a listen address serve could not bind")
    {
        write_file(config, "[site]\ncontent = \"capsule\"\n[gemini]\nlisten = [\"127.0.0.1:0\", \"nonsense\"]\n");
        const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
        CHECK(r.code == 1);
        INFO(r.err);
        CHECK(lines_with(r.err, config.string() + ":4:26: gemini.listen: ").size() == 1);
        CHECK(lines_with(r.err, "smolpub: 1 problem").size() == 1);
    }
}

TEST_CASE("build writes the same tree twice, laid out as documented")
{
    temp_dir dir;
    const fs::path first = dir.path() / "first", second = dir.path() / "second";
    const auto a = run_smolpub({"build", first.string(), "--config", examples_config.string()}, dir.path());
    const auto b = run_smolpub({"build", second.string(), "--config", examples_config.string()}, dir.path());
    REQUIRE(a.code == 0);
    REQUIRE(b.code == 0);
    const auto tree = read_tree(first);
    CHECK(tree == read_tree(second));

    // Every exported page holds what the live site answers for its path.
    const auto config = content::load_config(examples_config);
    REQUIRE(config);
    const auto site = site::load_site(config->sites.front(), std::make_shared<smolpub::site::page_cache>(config->limit.cache_bytes));
    REQUIRE(site);
    std::size_t pages = 0;
    for (const std::string& path : (*site)->gemini_paths()) {
        if (path == "/search")
            continue;
        CAPTURE(path);
        const std::string file = "gemini/" + path.substr(1) + (path.ends_with("/") ? "index.gmi" : "");
        REQUIRE(tree.contains(file));
        const auto doc = (*site)->route(path).doc;
        // A static file is streamed from the disk: its bytes, not a body held in memory.
        CHECK(tree.at(file) == (doc->file ? content::read_whole(*doc->file).value() : doc->body));
        ++pages;
    }
    CHECK(pages > 10);
    CHECK(tree.contains("gemini/index.gmi"));
    CHECK(tree.contains("gemini/notes/index.gmi"));
    CHECK(tree.contains("gemini/notes/first-frost.gmi"));
    CHECK(tree.contains("gemini/atom.xml"));

    // Gopher menus are gophermaps: LF lines, no terminating "." (Gophernicus adds it).
    REQUIRE(tree.contains("gopher/gophermap"));
    REQUIRE(tree.contains("gopher/notes/gophermap"));
    REQUIRE(tree.contains("gopher/notes/first-frost.gmi/gophermap"));
    CHECK(tree.contains("gopher/notes/first-frost.txt"));
    const std::string& root_map = tree.at("gopher/gophermap");
    CHECK(root_map.find('\r') == std::string::npos);
    CHECK_FALSE(root_map.ends_with("\n.\n"));
    const std::string live = (*site)->route_gopher("/").doc->body;  // items only, unframed
    std::string expected;
    for (char c : live)
        if (c != '\r')
            expected += c;
    CHECK(root_map == expected);

    // Gophernicus reads a line without a tab as text, and some first characters as
    // directives: every exported line must be a complete item.
    for (const auto& [name, bytes] : tree) {
        if (!name.ends_with("gophermap"))
            continue;
        CAPTURE(name);
        for (const auto& line : lines_with(bytes, "")) {
            CAPTURE(line);
            REQUIRE_FALSE(line.empty());
            CHECK(line.find('\t') != std::string::npos);
            CHECK(std::string_view{"#=*~%!."}.find(line.front()) == std::string_view::npos);
        }
    }
}

TEST_CASE("build puts each further virtual host under OUTDIR/HOSTNAME")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    write_file(config, read_file(config) + "\n[[vhost]]\ntitle = \"Other\"\ncontent = \"other\"\n"
                                          "hostnames = [\"other.example\"]\ncertificates = \"certs\"\n");
    write_file(dir.path() / "capsule" / "notes" / "a.md", article("Main article", "", "Main.\n"));
    write_file(dir.path() / "other" / "blog" / "b.md", article("Other article", "", "Other.\n"));
    const fs::path out = dir.path() / "out";
    const auto r = run_smolpub({"build", out.string(), "--config", config.string()}, dir.path());
    REQUIRE(r.code == 0);
    CHECK(read_file(out / "gemini" / "notes" / "a.gmi").find("Main article") != std::string::npos);
    CHECK_FALSE(fs::exists(out / "gemini" / "blog"));
    CHECK(read_file(out / "other.example" / "gemini" / "blog" / "b.gmi").find("Other article") != std::string::npos);
    CHECK(read_file(out / "other.example" / "gemini" / "index.gmi").find("Other") != std::string::npos);
}

TEST_CASE("build --force replaces only its own export, never a folder it did not write")
{
    temp_dir dir;
    const fs::path out = dir.path() / "out";
    write_file(out / "keep" / "mine.txt", "mine");
    for (const bool force : {false, true}) {
        CAPTURE(force);
        std::vector<std::string> args{"build", out.string(), "--config", examples_config.string()};
        if (force)
            args.push_back("--force");
        const auto refused = run_smolpub(args, dir.path());
        INFO(refused.err);
        CHECK(refused.code == 1);
        CHECK(refused.err.find("is not an export of smolpub") != std::string::npos);
        CHECK(refused.err.find("refusing to replace it, even with --force") != std::string::npos);
        CHECK(refused.err.find("write into") == std::string::npos);
        CHECK(read_file(out / "keep" / "mine.txt") == "mine");
        CHECK_FALSE(fs::exists(out / "gemini"));
    }

    // An export of its own (it holds the marker) needs --force, and is then replaced whole.
    const fs::path exported = dir.path() / "export";
    REQUIRE(run_smolpub({"build", exported.string(), "--config", examples_config.string()}, dir.path()).code == 0);
    CHECK(fs::exists(exported / ".smolpub-export"));
    write_file(exported / "stale.txt", "old");
    const auto again = run_smolpub({"build", exported.string(), "--config", examples_config.string()}, dir.path());
    CHECK(again.code == 1);
    CHECK(again.err.find("use --force to replace it") != std::string::npos);
    const auto forced = run_smolpub({"build", exported.string(), "--force", "--config", examples_config.string()}, dir.path());
    CHECK(forced.code == 0);
    CHECK(fs::exists(exported / "gemini" / "index.gmi"));
    CHECK(fs::exists(exported / ".smolpub-export"));
    CHECK_FALSE(fs::exists(exported / "stale.txt"));  // --force swaps the whole export out

    // An empty folder is fine without --force.
    fs::create_directories(dir.path() / "empty");
    CHECK(run_smolpub({"build", (dir.path() / "empty").string(), "--config", examples_config.string()}, dir.path()).code == 0);
}

TEST_CASE("new writes a dated draft and never overwrites")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    const fs::path file = dir.path() / "capsule" / "notes" / "rust" / "hello.md";
    const auto made = run_smolpub({"new", "notes/rust/hello", "Hello \"small\" web", "--config", config.string()},
                                  dir.path());
    REQUIRE(made.code == 0);
    CHECK(made.out == file.string() + "\n");
    const std::string text = read_file(file);
    const auto parsed = content::parse_markdown_file(text, file);
    REQUIRE(parsed);
    CHECK(parsed->meta.title == "Hello \"small\" web");
    CHECK(parsed->meta.draft);
    REQUIRE(parsed->meta.date);
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    CHECK(parsed->meta.date->year == local.tm_year + 1900);
    CHECK(parsed->meta.date->month == local.tm_mon + 1);

    write_file(file, "edited by the author");
    const auto again = run_smolpub({"new", "notes/rust/hello", "Other", "--config", config.string()}, dir.path());
    CHECK(again.code == 1);
    CHECK(again.err.find("already exists") != std::string::npos);
    CHECK(read_file(file) == "edited by the author");

    CHECK(run_smolpub({"new", "hello", "No category", "--config", config.string()}, dir.path()).code == 2);
    CHECK(run_smolpub({"new", "../outside/x", "Escape", "--config", config.string()}, dir.path()).code == 2);
    CHECK_FALSE(fs::exists(dir.path() / "outside"));
}

TEST_CASE("cert prints the fingerprints on disk, generates once, and --renew changes them")
{
    temp_dir dir;
    const fs::path config = write_config(dir.path());
    const auto first = run_smolpub({"cert", "--config", config.string()}, dir.path());
    REQUIRE(first.code == 0);
    CHECK(first.out.find("(generated)") != std::string::npos);
    const auto on_disk = tls::load(dir.path() / "certs", "localhost");
    REQUIRE(on_disk);
    CHECK(field(first.out, "SHA-256") == on_disk->cert_sha256);
    CHECK(field(first.out, "public key SHA-256") == on_disk->pubkey_sha256);
    CHECK(field(first.out, "expires") == on_disk->not_after);

    const auto again = run_smolpub({"cert", "--config", config.string()}, dir.path());
    REQUIRE(again.code == 0);
    CHECK(again.out.find("(generated)") == std::string::npos);
    CHECK(field(again.out, "SHA-256") == on_disk->cert_sha256);

    const auto renewed = run_smolpub({"cert", "--renew", "--hostname", "localhost", "--config", config.string()},
                                     dir.path());
    REQUIRE(renewed.code == 0);
    CHECK(renewed.out.find("(renewed)") != std::string::npos);
    CHECK(field(renewed.out, "SHA-256") != on_disk->cert_sha256);
    CHECK(field(renewed.out, "public key SHA-256") != on_disk->pubkey_sha256);
    const auto after = tls::load(dir.path() / "certs", "localhost");
    REQUIRE(after);
    CHECK(field(renewed.out, "SHA-256") == after->cert_sha256);

    CHECK(run_smolpub({"cert", "--hostname", "nope.example", "--config", config.string()}, dir.path()).code == 2);
}

} // namespace smolpub::e2e
