#!/usr/bin/env python3
"""`smolpub import wordpress` at scale (issue 15): a generated WXR 1.2 export of 10,000 posts
and 50,000 comments (about 100 MB, classic-editor HTML with shortcodes, lists, code, tables and
entities, threaded comments, spam and pingbacks among them) imported on one core.

    bench/import_bench.py [--binary build/cli/smolpub] [--runs 3] [--keep DIR] [--out DIR]

Prints the export size, then per run the wall time, the CPU time (user + kernel) and the peak
RSS of the import (the child's rusage), and the medians. Targets: < 10 s on one core, < 100 MB;
the CPU time is compared, since on a shared machine the wall time also counts waiting for the
core. --out puts the capsules elsewhere (a tmpfs separates the importer from the file
system). The import is pinned to CPU 0 with taskset when it is available. Nothing is
downloaded; everything is under a temporary folder unless --keep/--out say otherwise.
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

POSTS = 10_000
COMMENTS_PER_POST = 5
CATEGORIES = ["news", "local", "birds", "river", "kitchen", "events", "notes", "letters"]

WORDS = ("heron weir river swift water stone bank reed alder willow morning evening light "
         "current fish wing nest field path bridge mill meadow rain wind cloud").split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def body(rng, i):
    parts = []
    for p in range(14):
        text = " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(4))
        if p % 3 == 0:
            text += f' See <a href="https://bench.example/{2010 + i % 10}/01/01/post-{(i + 7) % POSTS}/">an older post</a>'
            text += " and <em>the caf&eacute;&rsquo;s</em> <strong>notes</strong> &#8212; &amp; more."
        if p % 5 == 1:
            text += "\nA second line in the same paragraph."
        parts.append(text)
    parts.insert(3, '[caption id="attachment_1" width="300"]<img src="https://bench.example/wp-content/uploads/2010/01/'
                    f'photo-{i}-300x200.jpg" alt="Photo {i}" /> A caption[/caption]')
    parts.insert(5, "<ul>\n<li>one item</li>\n<li>two <ul><li>nested</li></ul></li>\n</ul>")
    parts.insert(7, "<pre>def count(n):\n    return n &lt; 10 and n &gt; 0\n</pre>")
    parts.insert(9, "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    parts.insert(11, "[ad]")
    return "\n\n".join(parts)


def comment(rng, post, c, cid, parent, kind):
    approved = "spam" if kind == "spam" else "1"
    ctype = "pingback" if kind == "pingback" else "comment"
    text = "\n\n".join(" ".join(sentence(rng, rng.randint(6, 12)) for _ in range(2)) for _ in range(2))
    return f"""		<wp:comment>
			<wp:comment_id>{cid}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader {c}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader{c}@mail.example]]></wp:comment_author_email>
			<wp:comment_author_url>https://reader{c}.example</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.{c % 250}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2011-01-01 10:{c % 60:02d}:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2011-01-01 09:{c % 60:02d}:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[{ctype}]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""


def generate(path):
    rng = random.Random(15)
    with open(path, "w", encoding="utf-8") as out:
        out.write("""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench blog</title>
	<link>https://bench.example</link>
	<language>en</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example</wp:base_site_url>
	<wp:base_blog_url>https://bench.example</wp:base_blog_url>
	<wp:author><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_display_name><![CDATA[Admin]]></wp:author_display_name></wp:author>
""")
        for c in CATEGORIES:
            out.write(f"\t<wp:category><wp:category_nicename>{c}</wp:category_nicename>"
                      f"<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[{c.title()}]]></wp:cat_name></wp:category>\n")
        cid = 1
        for i in range(POSTS):
            year = 2010 + i % 10
            cat = CATEGORIES[i % len(CATEGORIES)]
            out.write(f"""	<item>
		<title><![CDATA[Post {i}: {sentence(rng, 5)}]]></title>
		<link>https://bench.example/{year}/01/01/post-{i}/</link>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<content:encoded><![CDATA[{body(rng, i)}]]></content:encoded>
		<wp:post_id>{i + 1}</wp:post_id>
		<wp:post_date><![CDATA[{year}-01-01 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{year}-01-01 09:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[post-{i}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="{cat}"><![CDATA[{cat.title()}]]></category>
		<category domain="post_tag" nicename="t{i % 50}"><![CDATA[tag {i % 50}]]></category>
""")
            first = cid
            for c in range(COMMENTS_PER_POST):
                kind = "spam" if c == 4 and i % 4 == 0 else "pingback" if c == 4 and i % 4 == 1 else "comment"
                parent = first if c in (1, 3) else 0
                out.write(comment(rng, i, cid, cid, parent, kind))
                cid += 1
            out.write("\t</item>\n")
        out.write("</channel>\n</rss>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="build/cli/smolpub")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="generate the export here and keep it")
    parser.add_argument("--out", help="write the capsules under this folder (default: a temporary one)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="smolpub-import-bench-")
    try:
        export = os.path.join(args.keep or work, "bench-export.xml")
        if not os.path.exists(export):
            generate(export)
        size = os.path.getsize(export)
        print(f"export: {size / 1e6:.1f} MB, {POSTS} posts, {POSTS * COMMENTS_PER_POST} comments")
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        walls, cpus, peaks = [], [], []
        for run in range(args.runs):
            out = os.path.join(args.out or work, f"smolpub-import-bench-{os.getpid()}-{run}")
            # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: one fresh process per
            # run keeps each figure the import's own.
            probe = [sys.executable, "-c",
                     "import resource,subprocess,sys,time;t=time.monotonic();"
                     "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
                     "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
                     "print(time.monotonic()-t, u.ru_utime+u.ru_stime, u.ru_stime, u.ru_maxrss, r.returncode)"]
            result = subprocess.run(probe + pin + [binary, "import", "wordpress", export, out],
                                    capture_output=True, text=True, check=True)
            wall, cpu, system, peak_kb, code = result.stdout.split()
            if code != "0":
                sys.exit(f"import failed with exit code {code}")
            walls.append(float(wall))
            cpus.append(float(cpu))
            peaks.append(int(peak_kb) / 1024)
            print(f"run {run + 1}: wall {walls[-1]:.2f} s, CPU {cpus[-1]:.2f} s (kernel {float(system):.2f} s), "
                  f"peak RSS {peaks[-1]:.1f} MB")
            shutil.rmtree(out)
        wall, cpu, peak = statistics.median(walls), statistics.median(cpus), statistics.median(peaks)
        # On a shared machine the wall time includes waiting for the core; the CPU time is
        # what one core spends on the import.
        verdict = "meets" if cpu < 10 and peak < 100 else "MISSES"
        print(f"median: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {peak:.1f} MB -> {verdict} the targets "
              f"(< 10 s on one core, < 100 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
