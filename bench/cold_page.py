#!/usr/bin/env python3
"""Server CPU per request of a cold page against a cached one (issue 13), with loadgen.

    bench/cold_page.py --smolpub BUILD/cli/smolpub --loadgen BUILD/bench/loadgen
                       --archive DIR [--requests 2000] [--gopher-requests N] [--rounds 3]

A cold page is one the server must render from the Markdown: the server runs with
`limits.cache = 0`, so every request renders its page again. A cached page: the default
cache, so every request after the first is answered from it. Both servers load the same
archive (bench/archive_gen.py) and serve the same article to the same loadgen run, Gemini
(full handshakes, and resumed) and Gopher (the article's menu, and the home menu); the
figure is the server's CPU (user + system, /proc/<pid>/stat) over the successful
requests. Rounds alternate the two servers, and medians are reported, as the machine may
be shared. Loopback only; only the processes this script started are signalled.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from memory import Server, cpu_seconds  # noqa: E402

ARTICLE = "/cat07/post-00007.gmi"


def run_loadgen(loadgen, url, requests, extra):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([loadgen, url, "--requests", str(requests), "--concurrency", "4", "--json", out.name]
                       + extra, check=True, stdout=subprocess.DEVNULL)
        with open(out.name) as f:
            return json.load(f)


def measure(server, loadgen, cell, requests):
    url, extra = cell
    url = url % server.port_for(url)
    before = cpu_seconds(server.pid)
    result = run_loadgen(loadgen, url, requests, extra)
    used = cpu_seconds(server.pid) - before
    ok = result["ok"]
    return 1e6 * used / max(ok, 1)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--smolpub", required=True)
    p.add_argument("--loadgen", required=True)
    p.add_argument("--archive", required=True)
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--gopher-requests", type=int, default=None,
                   help="requests per Gopher cell (default: 5 x --requests; a Gopher request costs "
                        "a few 10 ms ticks per thousand, so it needs more of them to be measured)")
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()

    cells = {
        "Gemini, full handshakes": ("gemini://localhost:%d" + ARTICLE, ["--expect-status", "20"]),
        "Gemini, resumed": ("gemini://localhost:%d" + ARTICLE, ["--resume", "--expect-status", "20"]),
        "Gopher, article menu": ("gopher://localhost:%d/1" + ARTICLE, ["--gopher"]),
        "Gopher, home menu": ("gopher://localhost:%d/1/", ["--gopher"]),
    }
    figures = {name: {"cold": [], "cached": []} for name in cells}
    for r in range(a.rounds):
        order = ["cold", "cached"] if r % 2 == 0 else ["cached", "cold"]
        for kind in order:
            with tempfile.TemporaryDirectory(prefix="smolpub-cold-") as work:
                server = Server(os.path.abspath(a.smolpub), work, os.path.abspath(a.archive),
                                0 if kind == "cold" else None)
                try:
                    for name, cell in cells.items():
                        run_loadgen(a.loadgen, cell[0] % server.port_for(cell[0]), 50, cell[1])  # warm-up
                        requests = a.requests
                        if "--gopher" in cell[1]:
                            requests = a.gopher_requests or 5 * a.requests
                        figures[name][kind].append(measure(server, a.loadgen, cell, requests))
                finally:
                    server.stop()
    print("| cell | cold page µs/req | cached page µs/req | cold ÷ cached |")
    print("|---|---|---|---|")
    for name, f in figures.items():
        cold, cached = statistics.median(f["cold"]), statistics.median(f["cached"])
        print("| %s | %.0f | %.0f | %.2f |" % (name, cold, cached, cold / cached))


if __name__ == "__main__":
    main()
