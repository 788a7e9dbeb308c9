// SPDX-License-Identifier: ISC
// Forms of a WordPress export that the other tests leave out (#27): scheduled posts, and
// the media shortcodes in each of their forms.
#include <doctest/doctest.h>

#include "import/html_markdown.hpp"
#include "import/shortcodes.hpp"
#include "import/wordpress_import.hpp"
#include "tests/import/import_fixture.hpp"

using namespace smolpub::import;
using namespace smolpub::import::test;

TEST_CASE_FIXTURE(capsule_import, "a scheduled (future) post stays a draft and the report names it with its day")
{
    std::string xml = read_file(fixtures / "wxr12.xml");
    const auto end = xml.rfind("</channel>");
    REQUIRE(end != std::string::npos);
    xml.insert(end, "\t<item>\n\t\t<title><![CDATA[The walk next week]]></title>\n"
                    "\t\t<link>https://riverside.example/?p=701</link>\n"
                    "\t\t<dc:creator><![CDATA[wren]]></dc:creator>\n"
                    "\t\t<content:encoded><![CDATA[Meet at the weir.]]></content:encoded>\n"
                    "\t\t<wp:post_id>701</wp:post_id>\n"
                    "\t\t<wp:post_date><![CDATA[2030-01-05 09:00:00]]></wp:post_date>\n"
                    "\t\t<wp:post_date_gmt><![CDATA[2030-01-05 08:00:00]]></wp:post_date_gmt>\n"
                    "\t\t<wp:post_name><![CDATA[walk]]></wp:post_name>\n"
                    "\t\t<wp:status><![CDATA[future]]></wp:status>\n"
                    "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n\t</item>\n");
    write_file(tmp.path() / "in" / "wxr12.xml", xml);
    options.export_file = tmp.path() / "in" / "wxr12.xml";
    const auto report = import_wordpress(options);
    REQUIRE(report.has_value());
    const std::string text = format_report(*report);
    INFO(text);
    CHECK(report->posts == 3);  // the fixture's published ones, no more
    CHECK(report->drafts == 3);
    CHECK(text.find("Not published (") != std::string::npos);
    CHECK(text.find("  post 701 (The walk next week): scheduled for 2030-01-05 09:00:00, kept as a draft\n") !=
          std::string::npos);
    const std::string walk = read_file(options.dir / "content/uncategorized/walk.md");
    CHECK(walk.find("\ndraft = true\n") != std::string::npos);
}

TEST_CASE("an export that binds wp: to WordPress's namespace but whose items have no wp: field is refused")
{
    // A plain RSS feed with the declaration pasted in: importing it would make every item an
    // undated draft and call that a success.
    temp_dir tmp;
    write_file(tmp.path() / "feed.xml",
               "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>"
               "<title>A feed</title><link>https://feed.example/</link>"
               "<item><title>One</title><link>https://feed.example/one</link><description>Text one</description></item>"
               "<item><title>Two</title><link>https://feed.example/two</link><description>Text two</description></item>"
               "</channel></rss>\n");
    import_options options;
    options.export_file = tmp.path() / "feed.xml";
    options.dir = tmp.path() / "out";
    const auto report = import_wordpress(options);
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().find("feed.xml:1:1: not a WordPress export: none of its 2 items has a wp: field") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(tmp.path() / "out"));
}

namespace {

/// The attachments a [playlist] or [gallery] finds: by id, or the post's own (no ids).
std::vector<gallery_image> attachments(const std::vector<std::string>& ids)
{
    if (ids.empty())
        return {{"https://x.example/song.mp3", "The song"}, {"https://x.example/photo.jpg", "A photo"},
                {"https://x.example/film.webm", "The film"}};
    std::vector<gallery_image> out;
    for (const auto& id : ids)
        out.push_back({"https://x.example/track-" + id + ".ogg", "Track " + id});
    return out;
}

} // namespace

TEST_CASE("every audio and video shortcode form becomes links to what it plays, the poster is not one")
{
    const std::pair<const char*, const char*> forms[] = {
        // WordPress's [video]: a type attribute, whatever the order of the others.
        {"[video width=\"640\" height=\"360\" poster=\"https://x.example/p.jpg\" webm=\"https://x.example/m.webm\"][/video]",
         "<a href=\"https://x.example/m.webm\">https://x.example/m.webm</a>"},
        {"[video poster=\"https://x.example/p.jpg\" src=\"https://x.example/m.mp4\"]",
         "<a href=\"https://x.example/m.mp4\">https://x.example/m.mp4</a>"},
        // WordPress.com's own audio form: files separated by commas, then |titles=...
        {"[audio https://x.example/a.mp3|titles=My Song|artists=Me]",
         "<a href=\"https://x.example/a.mp3\">https://x.example/a.mp3</a>"},
        {"[audio https://x.example/a.mp3,https://x.example/b.mp3|titles=A,B]",
         "<a href=\"https://x.example/a.mp3\">https://x.example/a.mp3</a> <a href=\"https://x.example/b.mp3\">https://x.example/b.mp3</a>"},
        // Hosted players: an id, a URL, the old [name=URL] form, an attribute.
        {"[youtube JaNH56Vpg-A]", "<a href=\"https://www.youtube.com/watch?v=JaNH56Vpg-A\">https://www.youtube.com/watch?v=JaNH56Vpg-A</a>"},
        {"[youtube=http://www.youtube.com/watch?v=JaNH56Vpg-A&w=320]",
         "<a href=\"http://www.youtube.com/watch?v=JaNH56Vpg-A&w=320\">http://www.youtube.com/watch?v=JaNH56Vpg-A&w=320</a>"},
        {"[youtube https://youtu.be/JaNH56Vpg-A]", "<a href=\"https://youtu.be/JaNH56Vpg-A\">https://youtu.be/JaNH56Vpg-A</a>"},
        {"[vimeo 141358 w=500 h=280]", "<a href=\"https://vimeo.com/141358\">https://vimeo.com/141358</a>"},
        {"[dailymotion id=x8oma9]", "<a href=\"https://www.dailymotion.com/video/x8oma9\">https://www.dailymotion.com/video/x8oma9</a>"},
        {"[wpvideo OcobLTqC]", "<a href=\"https://videopress.com/v/OcobLTqC\">https://videopress.com/v/OcobLTqC</a>"},
        {"[soundcloud url=\"https://api.soundcloud.com/tracks/156661090\" params=\"auto_play=false\" width=\"100%\" /]",
         "<a href=\"https://api.soundcloud.com/tracks/156661090\">https://api.soundcloud.com/tracks/156661090</a>"},
        // A playlist: its tracks by id, or the sounds (or films) attached to the post.
        {"[playlist ids=\"7,9\"]", "<p><a href=\"https://x.example/track-7.ogg\">Track 7</a></p>"
                                   "<p><a href=\"https://x.example/track-9.ogg\">Track 9</a></p>"},
        {"[playlist]", "<p><a href=\"https://x.example/song.mp3\">The song</a></p>"},
        {"[playlist type=\"video\"]", "<p><a href=\"https://x.example/film.webm\">The film</a></p>"},
    };
    for (const auto& [form, html] : forms) {
        CAPTURE(form);
        const auto expanded = expand_shortcodes(std::string{"Before "} + form + " after", attachments);
        CHECK(expanded.html == std::string{"Before "} + html + " after");
        CHECK(expanded.removed.empty());
    }
    // A hosted player with nothing usable leaves nothing, not its brackets.
    CHECK(expand_shortcodes("A [youtube] B", attachments).html == "A  B");
    CHECK(expand_shortcodes("A [vimeo \"<script>\"] B", attachments).html == "A  B");
}

TEST_CASE("a file block is one link to the file, its Download button no second one stuck to it")
{
    const std::string block =
        "<!-- wp:file {\"id\":12} --><div class=\"wp-block-file\"><object class=\"wp-block-file__embed\" "
        "data=\"https://x.example/r.pdf\" type=\"application/pdf\"></object><a id=\"wp-block-file--media-1\" "
        "href=\"https://x.example/r.pdf\">Report</a><a href=\"https://x.example/r.pdf\" "
        "class=\"wp-block-file__button wp-element-button\" download aria-describedby=\"wp-block-file--media-1\">Download</a>"
        "</div><!-- /wp:file -->";
    CHECK(html_to_markdown(block) == "[Report](https://x.example/r.pdf)\n");
    // A block with the button only keeps it: it is the file's one link.
    CHECK(html_to_markdown("<div class=\"wp-block-file\"><a href=\"https://x.example/r.pdf\" class=\"wp-block-file__button\" "
                           "download>Download</a></div>") == "[Download](https://x.example/r.pdf)\n");
}
