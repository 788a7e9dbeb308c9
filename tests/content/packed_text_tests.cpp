// SPDX-License-Identifier: ISC
// The model holds Markdown bodies and comments packed (content/packed_text.hpp): what is
// unpacked must be exactly what was packed, and equal texts must look equal to a reload.
#include <doctest/doctest.h>

#include <string>

#include "content/packed_comments.hpp"
#include "content/packed_text.hpp"

using namespace smolpub::content;

TEST_CASE("a packed text unpacks to the same bytes, whatever its length")
{
    std::string long_text;
    for (int i = 0; i < 400; ++i)
        long_text += "Line " + std::to_string(i) + ": café, naïve, Город, and a `code` span.\n";
    const std::string cases[] = {"", "short", std::string(63, 'x'), std::string(64, 'x'), long_text,
                                 std::string("nul\0inside", 10), "\xff\xfe not UTF-8 at all"};
    for (const std::string& text : cases) {
        const auto packed = packed_text::pack(text);
        CHECK(packed->unpack() == text);
        CHECK(packed->size() == text.size());
    }
    // Repetitive text is actually held smaller; a tiny one is held as is.
    CHECK(packed_text::pack(long_text)->packed_size() < long_text.size() / 3);
    CHECK(packed_text::pack("short")->packed_size() == 5);
}

TEST_CASE("equal texts have equal hashes and a one-byte edit changes it")
{
    const std::string text(2000, 'a');
    std::string edited = text;
    edited[1000] = 'b';
    CHECK(packed_text::pack(text)->hash() == packed_text::pack(text)->hash());
    CHECK(packed_text::pack(text)->hash() != packed_text::pack(edited)->hash());
}

TEST_CASE("packed comments come back field by field, in order")
{
    comment first;
    first.id = "c1";
    first.author = "Mira";
    first.date = timestamp{2024, 1, 2, 10, 30, 5, -120, true};
    first.body_markdown = "Lovely *crust*.\n\nTwo paragraphs.";
    comment reply;
    reply.id = "c2";
    reply.reply_to = "c1";
    reply.author = "Ada";
    reply.body_markdown = std::string(300, 'z');  // no date
    const auto back = unpack_comments(*pack_comments({first, reply}));
    REQUIRE(back.size() == 2);
    CHECK(back[0].id == "c1");
    CHECK(back[0].reply_to.empty());
    CHECK(back[0].author == "Mira");
    REQUIRE(back[0].date);
    CHECK(*back[0].date == *first.date);
    CHECK(back[0].body_markdown == first.body_markdown);
    CHECK(back[1].reply_to == "c1");
    CHECK(!back[1].date);
    CHECK(back[1].body_markdown == reply.body_markdown);
    CHECK(unpack_comments(*pack_comments({})).empty());
}

TEST_CASE("a text packed against a sample of its neighbours unpacks the same and is held smaller")
{
    const std::string neighbour = "The heron stood at the weir in the morning rain, and the river ran past the "
                                  "orchard and the old stone bridge towards the meadow. ";
    const auto sample = make_packing_sample(neighbour + neighbour);
    const std::string text = "In the morning rain the heron stood at the old stone bridge; the river ran "
                             "past the meadow, the orchard and the weir.";
    const auto alone = packed_text::pack(text);
    const auto with_sample = packed_text::pack(text, sample);
    CHECK(with_sample->unpack() == text);
    CHECK(with_sample->hash() == alone->hash());  // the same text, whatever it was packed against
    CHECK(with_sample->packed_size() < alone->packed_size());
    // Comments too.
    comment c;
    c.author = "Mira";
    c.body_markdown = text;
    const auto comments = unpack_comments(*pack_comments({c, c}, sample));
    REQUIRE(comments.size() == 2);
    CHECK(comments[1].body_markdown == text);
}
