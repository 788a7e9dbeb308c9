// SPDX-License-Identifier: ISC
// A real browser on the web face: Debian's headless Chromium loads an article page with
// comments from the real binary's [http] listener; the DOM it built holds the comment
// threads, and its screenshot is a picture, not a blank page (tests/e2e/png_colours.py
// decodes the PNG by hand and counts its colours).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "loopback_config.hpp"
#include "server_harness.hpp"

using namespace smolpub::e2e;
namespace fs = std::filesystem;

namespace {

/// Chromium as a test may run it: headless, as root (no sandbox), no first-run or
/// background traffic, a profile of its own in the temp folder, bounded by timeout(1).
std::string chromium(const fs::path& dir)
{
    return "timeout 30 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
           "--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars "
           "--user-data-dir='" + (dir / "profile").string() + "' ";
}

} // namespace

TEST_CASE("headless Chromium: the article's DOM holds its comment threads, and its screenshot is not blank")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    write_text(dir.path() / "smolpub.toml",
               loopback_config("title = \"Web\"\n", "[http]\nlisten = [\"127.0.0.1:0\"]\n"));
    running_server server{dir.path()};
    const std::string url = "http://127.0.0.1:" + std::to_string(server.http_port()) + "/notes/heron-at-the-weir/";

    const fs::path dom = dir.path() / "dom.html";
    REQUIRE(std::system((chromium(dir.path()) + "--dump-dom " + url + " > '" + dom.string() + "' 2>/dev/null").c_str()) == 0);
    const std::string text = smolpub::test::read_file(dom);
    const auto first = text.find("id=\"comment-c1\"");
    const auto reply = text.find("id=\"comment-c2\"", first);
    CHECK(text.find("<article") != std::string::npos);
    CHECK(first != std::string::npos);
    CHECK(reply != std::string::npos);  // the reply, after (nested in) the comment it answers
    CHECK(text.find("Tomasz") != std::string::npos);
    CHECK(text.find("Herons do travel further") != std::string::npos);

    const fs::path shot = dir.path() / "shot.png";
    REQUIRE(std::system((chromium(dir.path()) + "--window-size=800,900 --screenshot='" + shot.string() + "' " + url +
                         " >/dev/null 2>&1")
                            .c_str()) == 0);
    REQUIRE(fs::exists(shot));
    const fs::path measured = dir.path() / "shot.txt";
    REQUIRE(std::system(("python3 '" SMOLPUB_SOURCE_DIR "/tests/e2e/png_colours.py' '" + shot.string() + "' > '" +
                         measured.string() + "'")
                            .c_str()) == 0);
    std::istringstream in{smolpub::test::read_file(measured)};
    unsigned width = 0, height = 0, colours = 0;
    in >> width >> height >> colours;
    CHECK(width == 800);
    CHECK(height == 900);
    // A blank page is one colour; text in two colours, anti-aliased, gives dozens.
    CHECK(colours > 16);
    if (const char* keep = std::getenv("SMOLPUB_KEEP_SCREENSHOT"))
        fs::copy_file(shot, keep, fs::copy_options::overwrite_existing);
}
