// SPDX-License-Identifier: ISC
// Pages keep their old addresses too: an imported blog's /about/ must still lead to the page.
#include "tests/site/site_fixture.hpp"

using namespace smolpub::content;
using namespace smolpub::site;
using namespace smolpub::site::testing;

TEST_CASE("a page's aliases redirect to the page, one naming a served path is reported, not taken")
{
    tree c = sample_content();
    c.pages[0].meta.aliases = {"/about-me/", "/tags/"};
    const auto s = build_site(sample_settings(), c, {}, test_cache());
    const route_result r = s->route("/about-me/");
    CHECK(r.what == route_result::outcome::redirect);
    CHECK(r.target == "/about.gmi");
    const route_result tags = s->route("/tags/");
    CHECK(tags.what == route_result::outcome::found);
    bool reported = false;
    for (const auto& p : s->problems())
        reported = reported || p.message == "alias /tags/ is already a page";
    CHECK(reported);
}
