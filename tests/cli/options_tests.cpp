// SPDX-License-Identifier: ISC
// The pure parts of the command line: option parsing and the messages of usage errors.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cli/common.hpp"
#include "cli/options.hpp"

using namespace smolpub::cli;

namespace {

tl::expected<common_options, std::string> parse(std::vector<std::string_view> args, const extra_options& accepted = {})
{
    return parse_options(args, accepted);
}

} // namespace

TEST_CASE("parse_options reads --config in its three spellings, the last one winning")
{
    CHECK(parse({})->config == "smolpub.toml");
    CHECK(parse({"-c", "a.toml"})->config == "a.toml");
    CHECK(parse({"--config", "b.toml"})->config == "b.toml");
    CHECK(parse({"--config=c.toml"})->config == "c.toml");
    CHECK(parse({"--config=", "x"})->config == "");
    CHECK(parse({"-c", "a.toml", "--config=c.toml"})->config == "c.toml");
    CHECK(parse({"-c", "--help"})->config == "--help");  // the value is taken as it is
}

TEST_CASE("parse_options keeps positional arguments in order, '-' among them")
{
    const auto parsed = parse({"wordpress", "-", "--config", "x.toml", "out"});
    REQUIRE(parsed);
    CHECK(parsed->positional == std::vector<std::string_view>{"wordpress", "-", "out"});
    CHECK_FALSE(parsed->help);
    CHECK(parse({"-h"})->help);
    CHECK(parse({"a", "--help"})->help);
}

TEST_CASE("parse_options takes a command's own flags and valued options, and only those")
{
    const extra_options cert{{"--renew", "--rotate"}, {"--hostname", "--keep"}};
    const auto parsed = parse({"--renew", "--hostname", "example.org", "--keep", "3"}, cert);
    REQUIRE(parsed);
    CHECK(parsed->extra.at("--renew") == "--renew");
    CHECK(parsed->extra.at("--hostname") == "example.org");
    CHECK(parsed->extra.at("--keep") == "3");
    CHECK_FALSE(parsed->extra.contains("--rotate"));
    CHECK(parsed->positional.empty());
    SUBCASE("another command's option is unknown here")
    {
        CHECK(parse({"--renew"}).error() == "unknown option --renew (see smolpub --help)");
        CHECK(parse({"--force"}, cert).error() == "unknown option --force (see smolpub --help)");
        CHECK(parse({"-x"}).error() == "unknown option -x (see smolpub --help)");
    }
}

TEST_CASE("parse_options says which option lacks its value")
{
    CHECK(parse({"--config"}).error() == "--config needs a file");
    CHECK(parse({"-c"}).error() == "-c needs a file");
    CHECK(parse({"--hostname"}, {{}, {"--hostname"}}).error() == "--hostname needs a value");
}

TEST_CASE("wrong_argument_count counts in words a reader expects")
{
    CHECK(wrong_argument_count("check", 0) == "check takes no arguments (see smolpub check --help)");
    CHECK(wrong_argument_count("new", 1) == "new takes 1 argument (see smolpub new --help)");
    CHECK(wrong_argument_count("x", 2) == "x takes 2 arguments (see smolpub x --help)");
}

TEST_CASE("parse_keep accepts 1..100 in plain decimal digits only")
{
    CHECK(parse_keep("1") == 1u);
    CHECK(parse_keep("100") == 100u);
    CHECK(parse_keep("007") == 7u);
    for (std::string_view bad : {"", "0", "000", "101", "1000", "-1", "+3", " 3", "3 ", "3x", "0x10", "99999999999999999999"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_keep(bad));
    }
}

TEST_CASE("located always names file, line and column")
{
    smolpub::content::diagnostic problem;
    problem.message = "bad value";
    CHECK(located(problem, "smolpub.toml") == "smolpub.toml:1:1: bad value");
    problem.file = "content/a.md";
    problem.line = 4;
    CHECK(located(problem, "smolpub.toml") == "content/a.md:4:1: bad value");
    problem.column = 9;
    CHECK(located(problem, "smolpub.toml") == "content/a.md:4:9: bad value");
}
