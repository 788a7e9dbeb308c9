// SPDX-License-Identifier: ISC
// `smolpub check` warns when the port our links name matches no listener (issue 28): a dead
// link in every Gopher menu item unless a port-forward sends that port here.
#include <doctest/doctest.h>

#include "cli_support.hpp"

using namespace smolpub::e2e;

namespace {

fs::path config_with(const fs::path& dir, std::string_view tables)
{
    const fs::path config = dir / "smolpub.toml";
    write_file(config, "[site]\ncontent = \"capsule\"\nhostnames = [\"localhost\"]\ncertificates = \"certs\"\n" +
                           std::string{tables});
    write_file(dir / "capsule" / "index.md", "Home.\n");
    return config;
}

} // namespace

TEST_CASE("check warns about a gopher.port or gemini.port that no listener has, and still passes")
{
    temp_dir dir;
    const fs::path config = config_with(dir.path(), "[gemini]\nlisten = [\"127.0.0.1:11965\"]\nport = 1966\n"
                                                    "[gopher]\nlisten = [\"127.0.0.1:7070\"]\nport = 70\n");
    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 0);  // a port-forward may make it right: check cannot see one
    CHECK(lines_with(r.err, "warning: gopher.port = 70 matches no gopher.listen address (127.0.0.1:7070)").size() == 1);
    CHECK(lines_with(r.err, "warning: gemini.port = 1966 matches no gemini.listen address").size() == 1);
}

TEST_CASE("check is quiet about ports when they default to the listener's or a listener is :0")
{
    temp_dir dir;
    const fs::path config = config_with(dir.path(), "[gemini]\nlisten = [\"127.0.0.1:11965\"]\n"
                                                    "[gopher]\nlisten = [\"127.0.0.1:0\"]\nport = 70\n");
    const auto r = run_smolpub({"check", "--config", config.string()}, dir.path());
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(lines_with(r.err, "warning").empty());
}
