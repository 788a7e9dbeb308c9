#!/usr/bin/env python3
"""Writes a deterministic blog archive for the memory benchmark (issue 13).

    bench/archive_gen.py OUTDIR [--articles 10000] [--categories 20] [--comments 5]
                                [--tags 2] [--photo-mb 0]

The default is the issue's "ten-year blog": 10,000 articles in 20 categories, about
1.5 KB of Markdown each, 5 archived comments and 2 tags per article, links between
articles, so the site has the shape of a real one. The same arguments always write the
same bytes (a fixed seed), so two runs measure the same capsule. OUTDIR must be empty
or missing; the content goes to OUTDIR itself.
"""
import argparse
import os
import random
import sys

WORDS = ("the a of and to in is that it was for on with as by at from this be or an "
         "garden river heron frost sourdough bread kettle weir swift lantern orchard "
         "morning evening winter summer notebook capsule gopher gemini small web "
         "letter window hedge meadow pantry nettle rye starter walk bridge rain "
         "café naïve jalapeño über").split()


def sentence(rng, words=None):
    n = words or rng.randint(8, 18)
    w = [rng.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def paragraph(rng, links):
    parts = []
    for _ in range(rng.randint(2, 4)):
        s = sentence(rng)
        r = rng.random()
        if r < 0.25:
            word = rng.choice(WORDS)
            s = s.replace(" " + word + " ", " *" + word + "* ", 1)
        elif r < 0.35:
            s = s[:-1] + " with `code` in it."
        elif r < 0.55 and links:
            label, url = links.pop()
            s = s[:-1] + " (see [" + label + "](" + url + "))."
        parts.append(s)
    return " ".join(parts)


def article(rng, i, cats, per_cat, tag_pool, ntags):
    cat = i % cats
    year = 2016 + (i * 10) // max(per_cat * cats, 1)
    month = 1 + (i * 7) % 12
    day = 1 + (i * 13) % 28
    tags = sorted({tag_pool[(i * 31 + k * 17) % len(tag_pool)] for k in range(ntags)})
    links = [("an outside note", "https://example.org/notes/%d" % i),
             ("a gemini capsule", "gemini://example.net/%d.gmi" % (i % 97))]
    if i > 0:  # a link to an older article of another category, as bloggers write them
        j = (i * 7919) % i
        links.append(("an earlier post", "../cat%02d/post-%05d.md" % (j % cats, j)))
    rng.shuffle(links)
    out = ["+++",
           'title = "%s %d"' % (sentence(rng, 4)[:-1], i),
           "date = %04d-%02d-%02d" % (year, month, day),
           "tags = [%s]" % ", ".join('"%s"' % t for t in tags),
           "+++", ""]
    body = []
    size = 0
    while size < 1250:
        r = rng.random()
        if r < 0.12 and size > 0:
            block = "## " + sentence(rng, 3)[:-1]
        elif r < 0.22:
            block = "\n".join("* " + sentence(rng, rng.randint(3, 8)) for _ in range(rng.randint(2, 4)))
        elif r < 0.27:
            block = "```\n" + "\n".join("echo %s" % rng.choice(WORDS) for _ in range(3)) + "\n```"
        elif r < 0.31:
            block = "> " + sentence(rng)
        else:
            block = paragraph(rng, links)
        body.append(block)
        size += len(block) + 2
    return "\n".join(out) + "\n\n".join(body) + "\n"


def comments(rng, i, count):
    out = []
    for c in range(count):
        out.append("[[comment]]")
        out.append('id = "c%d"' % c)
        if c > 0 and rng.random() < 0.5:
            out.append('reply_to = "c%d"' % rng.randrange(c))
        out.append('author = "Reader %d"' % rng.randrange(500))
        out.append("date = 2024-%02d-%02d" % (1 + c % 12, 1 + (i + c) % 28))
        out.append('body = """%s %s"""' % (sentence(rng), sentence(rng)))
        out.append("")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("outdir")
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--categories", type=int, default=20)
    p.add_argument("--comments", type=int, default=5)
    p.add_argument("--tags", type=int, default=2)
    p.add_argument("--photo-mb", type=int, default=0, help="also write photos/big.jpg of this size")
    a = p.parse_args()
    if os.path.isdir(a.outdir) and os.listdir(a.outdir):
        sys.exit("archive_gen: %s is not empty" % a.outdir)
    rng = random.Random(13)
    tag_pool = ["tag%03d" % t for t in range(200)]
    per_cat = (a.articles + a.categories - 1) // max(a.categories, 1)
    for c in range(a.categories):
        d = os.path.join(a.outdir, "cat%02d" % c)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "_category.toml"), "w") as f:
            f.write('title = "Category %d"\ndescription = "%s"\norder = %d\n' % (c, sentence(rng), c))
    total = 0
    for i in range(a.articles):
        d = os.path.join(a.outdir, "cat%02d" % (i % a.categories))
        text = article(rng, i, a.categories, per_cat, tag_pool, a.tags)
        with open(os.path.join(d, "post-%05d.md" % i), "w") as f:
            f.write(text)
        total += len(text.encode())
        if a.comments:
            text = comments(rng, i, a.comments)
            with open(os.path.join(d, "post-%05d.comments.toml" % i), "w") as f:
                f.write(text)
            total += len(text.encode())
    with open(os.path.join(a.outdir, "index.md"), "w") as f:
        f.write("+++\ntitle = \"Ten years\"\n+++\nA generated archive for bench/.\n")
    if a.photo_mb:
        os.makedirs(os.path.join(a.outdir, "photos"), exist_ok=True)
        block = bytes(range(256)) * 4096  # 1 MiB
        with open(os.path.join(a.outdir, "photos", "big.jpg"), "wb") as f:
            for _ in range(a.photo_mb):
                f.write(block)
    print("archive_gen: %d articles, %d bytes of Markdown and comments in %s" % (a.articles, total, a.outdir))


if __name__ == "__main__":
    main()
