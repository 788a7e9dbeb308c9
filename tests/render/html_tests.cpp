// SPDX-License-Identifier: ISC
#include "render/html.hpp"

#include <doctest/doctest.h>

using smolpub::render::markdown_to_html;

TEST_CASE("html: paragraphs, emphasis, code and inline links") {
    CHECK(markdown_to_html("Hi *a* **b** `c<d` [x](/y \"t\").\n") ==
          "<p>Hi <em>a</em> <strong>b</strong> <code>c&lt;d</code> <a href=\"/y\" title=\"t\">x</a>.</p>\n");
}

TEST_CASE("html: raw HTML and comments are escaped, never passed through") {
    auto out = markdown_to_html("<script>alert(1)</script>\n\nA <b onclick=\"x\">b</b> <!-- c -->\n");
    CHECK(out.find("<script") == std::string::npos);
    CHECK(out.find("<b ") == std::string::npos);
    CHECK(out.find("<!--") == std::string::npos);
    CHECK(out.find("&lt;script&gt;") != std::string::npos);
    CHECK(out.find("&lt;!-- c --&gt;") != std::string::npos);
}

TEST_CASE("html: headings are shifted below the title's h1") {
    CHECK(markdown_to_html("# A\n\n###### B\n") == "<h2>A</h2>\n<h6>B</h6>\n");
}

TEST_CASE("html: images keep alt text, and unsafe URLs are dropped") {
    CHECK(markdown_to_html("![a \"q\" *e*](pic.png)\n") == "<p><img src=\"pic.png\" alt=\"a &quot;q&quot; e\"></p>\n");
    CHECK(markdown_to_html("[x](javascript:alert(1))\n") == "<p><a href=\"\">x</a></p>\n");
}

TEST_CASE("html: tight lists, code blocks and breaks") {
    CHECK(markdown_to_html("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    CHECK(markdown_to_html("```c++ x\n<a>&\n```\n") == "<pre><code class=\"language-c++\">&lt;a&gt;&amp;\n</code></pre>\n");
    CHECK(markdown_to_html("---\n") == "<hr>\n");
}

TEST_CASE("html: a pipe table becomes a table with its header and alignments") {
    const auto out = markdown_to_html("| a | *b* |\n|:--|--:|\n| 1 | `x|y` |\n| 2 |\n");
    CHECK(out == "<table>\n<thead><tr><th class=\"left\">a</th><th class=\"right\"><em>b</em></th></tr></thead>\n"
                 "<tbody>\n<tr><td class=\"left\">1</td><td class=\"right\"><code>x|y</code></td></tr>\n"
                 "<tr><td class=\"left\">2</td><td class=\"right\"></td></tr>\n</tbody>\n</table>\n");
    // Not a table without the delimiter row.
    CHECK(markdown_to_html("a | b\n") == "<p>a | b</p>\n");
}

TEST_CASE("html: links go through the rewrite hook, and remote images become links") {
    smolpub::render::html_options options;
    options.rewrite_link = [](std::string_view url) -> std::optional<std::string> {
        if (url == "b.md")
            return std::string{"/notes/b/"};
        return std::nullopt;
    };
    options.local_images_only = true;
    CHECK(markdown_to_html("[b](b.md) [c](c.md)\n", options) == "<p><a href=\"/notes/b/\">b</a> <a href=\"c.md\">c</a></p>\n");
    CHECK(markdown_to_html("![cat](https://x.example/c.png) ![dog](d.png)\n", options) ==
          "<p><a href=\"https://x.example/c.png\">cat</a> <img src=\"d.png\" alt=\"dog\"></p>\n");
    // Inside a link, a remote image is its alt text: no <a> inside an <a>.
    CHECK(markdown_to_html("[![cat](https://x.example/c.png)](https://x.example/big.png)\n", options) ==
          "<p><a href=\"https://x.example/big.png\">cat</a></p>\n");
}

TEST_CASE("html: top_heading renumbers the levels in use, so the outline skips none") {
    smolpub::render::html_options options;
    options.top_heading = 2;
    CHECK(markdown_to_html("## A\n\n#### B\n\n## C\n", options) == "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n");
    options.top_heading = 5;
    CHECK(markdown_to_html("# A\n\n## B\n\n### C\n", options) == "<h5>A</h5>\n<h6>B</h6>\n<h6>C</h6>\n");
}
