// SPDX-License-Identifier: ISC
// `smolpub build` against the live server: every page the server serves over Gemini
// appears in the static export with the same bytes, and nothing else does.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "server_harness.hpp"

using namespace smolpub::e2e;
namespace fs = std::filesystem;

TEST_CASE("the static export holds exactly what the live server serves over Gemini")
{
    scratch_dir dir;
    copy_example_capsule(dir.path());
    write_text(dir.path() / "smolpub.toml",
               "[site]\ncontent = \"capsule\"\n[gemini]\nlisten = [\"127.0.0.1:0\"]\nport = 1970\n");
    const fs::path out = dir.path() / "export";
    const std::string command = std::string{SMOLPUB_BINARY} + " build " + out.string() + " --config " +
                                (dir.path() / "smolpub.toml").string() + " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);

    running_server server{dir.path()};
    const fs::path gemini_root = out / "gemini";
    std::size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator{gemini_root}) {
        if (!entry.is_regular_file())
            continue;
        std::string path = "/" + entry.path().lexically_relative(gemini_root).generic_string();
        if (path.ends_with("/index.gmi") && entry.path().filename() == "index.gmi")
            path.erase(path.size() - std::string_view{"index.gmi"}.size());  // folder pages
        std::ifstream in{entry.path(), std::ios::binary};
        const std::string exported{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
        const auto live = gemini_fetch(server.gemini_port(), "gemini://localhost" + path);
        INFO("path: " << path);
        REQUIRE(live);
        CHECK(live->header.starts_with("20 "));
        CHECK(live->body == exported);
        ++compared;
    }
    CHECK(compared > 20);  // home, categories, six articles, comments, tags, archive, feeds, files
}
