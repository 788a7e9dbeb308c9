// SPDX-License-Identifier: ISC
// HTML -> Markdown, wpautop, shortcodes and entities, rule by rule.
#include "import/entities.hpp"
#include "import/html_markdown.hpp"
#include "import/shortcodes.hpp"
#include "import/slugs.hpp"
#include "import/uploads.hpp"
#include "import/wpautop.hpp"
#include "render/gemtext.hpp"

#include <doctest/doctest.h>


using namespace smolpub::import;

TEST_CASE("decode_entities decodes named and numeric references, leaves the rest")
{
    CHECK(decode_entities("It&#8217;s &rsquo;caf&eacute;&rsquo; &amp; &#x263A;") == "It\u2019s \u2019caf\u00e9\u2019 & \u263a");
    CHECK(decode_entities("&notanentity; & &#xZZ; &") == "&notanentity; & &#xZZ; &");
    CHECK(decode_entities("&#0;&#xD800;&#1114112;") == "\uFFFD\uFFFD\uFFFD");
}

TEST_CASE("slugs: percent-decoded to UTF-8, derived from the title when empty, always one safe segment")
{
    CHECK(safe_segment("caf%c3%a9-au-bord") == "caf\u00e9-au-bord");
    CHECK(safe_segment("%ff%fe") == "ff-fe");  // not UTF-8 once decoded: kept encoded
    CHECK(safe_segment("../../etc/passwd") == "etc-passwd");
    CHECK(safe_segment("..") == "");
    CHECK(safe_segment("_draft") == "draft");
    CHECK(safe_segment("a/b?c#d") == "a-b-c-d");
    CHECK(slug_from_title("Half-written thoughts!") == "half-written-thoughts");
    CHECK(slug_from_title("Un café au bord") == "un-caf\u00e9-au-bord");
    CHECK(slug_from_title("?!").empty());
}

TEST_CASE("full_size_name finds the original of a -WxH thumbnail")
{
    CHECK(full_size_name("2009/03/heron-300x225.jpg") == "2009/03/heron.jpg");
    CHECK(full_size_name("2009/03/heron.jpg") == std::nullopt);
    CHECK(full_size_name("2009/03/x-300.jpg") == std::nullopt);
    CHECK(full_size_name("2009/03/-300x200.jpg") == std::nullopt);
}

TEST_CASE("wpautop: blank lines are paragraphs, single newlines line breaks, <pre> untouched")
{
    CHECK(wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n");
    CHECK(wpautop("Text\n<ul>\n<li>a</li>\n</ul>\nAfter") == "<p>Text</p>\n<ul>\n<li>a</li>\n</ul>\n<p>After</p>\n");
    CHECK(wpautop("<h2>Title</h2>\nText") == "<h2>Title</h2>\n<p>Text</p>\n");
    CHECK(wpautop("<blockquote>one\ntwo</blockquote>") == "<blockquote>one<br />\ntwo</blockquote>\n");
    CHECK(wpautop("<pre>a\n\n  b</pre>\nx") == "<pre>a\n\n  b</pre>\n<p>x</p>\n");
    CHECK(wpautop("line<br />\nnext") == "<p>line<br />\nnext</p>\n");
    CHECK(wpautop("a\r\n\r\nb") == "<p>a</p>\n<p>b</p>\n");
}

TEST_CASE("shortcodes: caption, gallery, embed, code, unknown ones removed and named, prose brackets stay")
{
    const gallery_lookup gallery = [](const std::vector<std::string>& ids) {
        std::vector<gallery_image> images;
        for (const auto& id : ids)
            images.push_back({"https://x.example/" + id + ".jpg", "image " + id});
        return images;
    };
    auto r = expand_shortcodes("[caption id=\"a\" width=\"300\"]<img src=\"h.jpg\" alt=\"H\" /> The heron[/caption]", gallery);
    CHECK(r.html == "<figure><img src=\"h.jpg\" alt=\"H\" /><figcaption>The heron</figcaption></figure>");
    r = expand_shortcodes("[caption caption=\"Old style\"]<img src=\"h.jpg\">[/caption]", gallery);
    CHECK(r.html == "<figure><img src=\"h.jpg\"><figcaption>Old style</figcaption></figure>");
    r = expand_shortcodes("[gallery ids=\"1,2\"]", gallery);
    CHECK(r.html == "<figure><img src=\"https://x.example/1.jpg\" alt=\"image 1\"></figure>"
                    "<figure><img src=\"https://x.example/2.jpg\" alt=\"image 2\"></figure>");
    // Every media form: the short one (a bare URL), a src or type attribute, an enclosed URL.
    for (const char* form : {"[audio https://a.example/s.mp3]", "[audio https://a.example/s.mp3 /]", "[audio mp3=\"https://a.example/s.mp3\"]",
                             "[audio src=\"https://a.example/s.mp3\"][/audio]", "[audio]https://a.example/s.mp3[/audio]"}) {
        CAPTURE(form);
        const auto media = expand_shortcodes(std::string{"Audio shortcode: "} + form, gallery);
        CHECK(media.html.find("Audio shortcode: ") == 0);
        CHECK(media.html.find("href=\"https://a.example/s.mp3\"") != std::string::npos);
        CHECK(media.removed.empty());
    }
    r = expand_shortcodes("[video https://v.example/m.mp4]", gallery);
    CHECK(r.html.find("href=\"https://v.example/m.mp4\"") != std::string::npos);
    r = expand_shortcodes("[embed]https://v.example/1[/embed]", gallery);
    CHECK(r.html == "<a href=\"https://v.example/1\">https://v.example/1</a>");
    r = expand_shortcodes("Intro\nhttps://youtu.be/x\nafter https://not.alone", gallery);
    CHECK(r.html == "Intro\n<a href=\"https://youtu.be/x\">https://youtu.be/x</a>\nafter https://not.alone");
    r = expand_shortcodes("[ad] a [contact-form-7 id=\"1\"] b [box]kept[/box] [sic] [1] [[x]]", gallery);
    CHECK(r.html == " a  b kept [sic] [1] [[x]]");
    CHECK(r.removed == std::vector<std::string>{"ad", "contact-form-7", "box"});
    r = expand_shortcodes("[code lang=\"c\"]if (a<b) {}[/code]", gallery);
    CHECK(r.html == "<pre><code class=\"language-c\">if (a&lt;b) {}</code></pre>");
    r = expand_shortcodes("<pre>[ad] stays</pre>", gallery);
    CHECK(r.html == "<pre>[ad] stays</pre>");
    CHECK(r.removed.empty());
}

TEST_CASE("html_to_markdown: inline markup, links, images and escaping")
{
    CHECK(html_to_markdown("<p>A <em>b</em> <strong>c</strong> <code>d`e</code></p>") == "A *b* **c** ``d`e``\n");
    CHECK(html_to_markdown("<p><a href=\"https://x.example/a b\">x</a> <img src=\"i.png\" alt=\"[i]\"></p>") ==
          "[x](https://x.example/a%20b) ![\\[i\\]](i.png)\n");
    CHECK(html_to_markdown("<p>*not* _em_ [no](link) &lt;tag&gt; &amp;copy;</p>") ==
          "\\*not\\* \\_em\\_ \\[no\\](link) \\<tag> \\&copy;\n");
    CHECK(html_to_markdown("<p># no heading</p><p>1. no list</p><p>- no item</p>") ==
          "\\# no heading\n\n1\\. no list\n\n\\- no item\n");
    CHECK(html_to_markdown("<p>one<br>two<br><br>three</p>") == "one\\\ntwo\n\nthree\n");
    CHECK(html_to_markdown("<p><em> spaced </em>out</p>") == "*spaced* out\n");
}

TEST_CASE("html_to_markdown: blocks nest: lists, quotes, code, tables")
{
    CHECK(html_to_markdown("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>") == "- a\n  - b\n- c\n");
    CHECK(html_to_markdown("<ol start=\"3\"><li>x</li><li>y</li></ol>") == "3. x\n4. y\n");
    CHECK(html_to_markdown("<blockquote><p>a</p><p>b</p></blockquote>") == "> a\n>\n> b\n");
    CHECK(html_to_markdown("<pre class=\"lang:py\">def f():\n    return &lt;1&gt;</pre>") ==
          "```py\ndef f():\n    return <1>\n```\n");
    CHECK(html_to_markdown("<ul><li>x<pre>  a\n  b</pre></li></ul>") == "- x\n\n  ```\n    a\n    b\n  ```\n");
    CHECK(html_to_markdown("<table><tr><th>A</th><th>B</th></tr><tr><td>1|2</td></tr></table>") ==
          "| A | B |\n|---|---|\n| 1\\|2 |  |\n");
    CHECK(html_to_markdown("<h2>Title <em>x</em></h2><hr><figure><img src=\"a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>") ==
          "## Title *x*\n\n---\n\n![A](a.png)\n\nCap\n");
    CHECK(html_to_markdown("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --><script>evil()</script>") == "x\n");
    CHECK(html_to_markdown("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>") ==
          "[https://www.youtube.com/embed/x](https://www.youtube.com/embed/x)\n");
}

TEST_CASE("html_to_markdown: invalid UTF-8 becomes U+FFFD, never passes through")
{
    CHECK(html_to_markdown("<p>a\xff b</p><code\xfe>c</code\xfe>") .find('\xff') == std::string::npos);
    CHECK(to_valid_utf8("a\xff\xC3\xA9\xE2\x82") == "a\uFFFD\u00e9\uFFFD\uFFFD");
}

TEST_CASE("html_to_markdown: the rewrite hook sees every href and src")
{
    markdown_options options;
    options.rewrite_url = [](std::string_view url, url_use use) {
        return std::string{use == url_use::image ? "/img/" : "/doc/"} + std::string{url};
    };
    CHECK(html_to_markdown("<a href=\"a\"><img src=\"b\" alt=\"\"></a>", options) == "[![](/img/b)](/doc/a)\n");
    // A thumbnail linking to the same file (its full size, once resolved) is one image.
    options.rewrite_url = [](std::string_view, url_use) { return std::string{"/uploads/x.jpg"}; };
    CHECK(html_to_markdown("<a href=\"x.jpg\"><img src=\"x-300x200.jpg\" alt=\"X\"></a>", options) == "![X](/uploads/x.jpg)\n");
}

TEST_CASE("html_to_markdown: deep nesting keeps its text, pathological nesting and size do not crash")
{
    const auto nested = [](int levels) {
        std::string html;
        for (int i = 0; i < levels; ++i)
            html += "<blockquote><ul><li><em>";
        return html + "bottom";
    };
    // 240 elements deep, past the converter's own depth bound: the rest is taken as text.
    CHECK(html_to_markdown(nested(60)).find("bottom") != std::string::npos);
    // Past libxml2's parser limit (256) the excess is dropped, never a crash.
    (void)html_to_markdown(nested(20000));
    std::string wide(1 << 20, 'x');
    CHECK(html_to_markdown("<p>" + wide + "</p>").size() == wide.size() + 1);
}

TEST_CASE("html_to_markdown: heading_shift moves every heading down, at most to level 6")
{
    markdown_options shifted;
    shifted.heading_shift = 1;
    CHECK(html_to_markdown("<h1>A</h1><h3>B</h3><h6>C</h6>", shifted) == "## A\n\n#### B\n\n###### C\n");
    CHECK(html_to_markdown("<h1>A</h1>") == "# A\n");
}

TEST_CASE("html_to_markdown: nesting past libxml2's 256 levels and a comment never closed lose nothing, and say so")
{
    std::string deep;
    for (int i = 0; i < 300; ++i)
        deep += "<div>";
    deep += "inner words";
    for (int i = 0; i < 300; ++i)
        deep += "</div>";
    deep += "<p>after the nest</p>";
    std::vector<std::string> notes;
    markdown_options options;
    options.notes = &notes;
    const std::string md = html_to_markdown(deep, options);
    CHECK(md.find("inner words") != std::string::npos);  // without HTML_PARSE_HUGE: an empty body
    CHECK(md.find("after the nest") != std::string::npos);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("nested deeper than 120") != std::string::npos);

    notes.clear();
    const std::string open = html_to_markdown("<p>one</p><!-- a note <p>two</p><!-- closed -->", options);
    CHECK(notes.empty());  // the first `<!--` is closed by the last `-->`: one comment, as HTML reads it
    CHECK(open == "one\n");
    const std::string unclosed = html_to_markdown("<p>one</p><!-- never closed <p>two</p>", options);
    CHECK(unclosed.find("two") != std::string::npos);
    CHECK(unclosed.find("<!-- never closed") != std::string::npos);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("never closed") != std::string::npos);

    notes.clear();
    CHECK(html_to_markdown("<p>caf\xE9 au lait</p>", options).find("au lait") != std::string::npos);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "bytes that are not UTF-8 replaced");
}

TEST_CASE("html_to_markdown: adjacent lists of one kind stay separate lists")
{
    const std::string md = html_to_markdown("<ol><li>A</li><li>B</li></ol><ol><li>a</li></ol><ol><li>I</li></ol>"
                                            "<ul><li>x</li></ul><ul><li>y</li></ul><p>Text</p><ul><li>z</li></ul>");
    CHECK(md == "1. A\n2. B\n\n1) a\n\n1. I\n\n- x\n\n* y\n\nText\n\n- z\n");
    // Nested lists are not neighbours of the outer one.
    CHECK(html_to_markdown("<ul><li>a<ul><li>b</li></ul></li></ul><ul><li>c</li></ul>") == "- a\n  - b\n\n* c\n");
}

TEST_CASE("html_to_markdown: a reversed list counts down, each item its own list so that Markdown keeps the number")
{
    CHECK(html_to_markdown("<ol reversed><li>c</li><li>b</li><li>a</li></ol>") == "3. c\n\n2) b\n\n1. a\n");
    CHECK(html_to_markdown("<ol reversed start=\"10\"><li>x</li><li>y</li></ol><ol><li>z</li></ol>") ==
          "10. x\n\n9) y\n\n1. z\n");
    CHECK(html_to_markdown("<ol reversed start=\"0\"><li>x</li><li>y</li></ol>") == "0. x\n\n0) y\n");
    // What a reader sees: the numbers count down, and adjacent lists keep their own numbers.
    const std::string down = smolpub::render::markdown_to_gemtext(html_to_markdown("<ol reversed><li>c</li><li>b</li><li>a</li></ol>"), {});
    INFO(down);
    CHECK(down.find("3. c") < down.find("2. b"));
    CHECK(down.find("2. b") < down.find("1. a"));
    const std::string apart = smolpub::render::markdown_to_gemtext(
        html_to_markdown("<ol><li>A</li><li>B</li><li>C</li></ol><ol><li>a</li><li>b</li><li>c</li></ol>"), {});
    INFO(apart);
    CHECK(apart.find("4.") == std::string::npos);
    CHECK(apart.find("3. c") != std::string::npos);
}
