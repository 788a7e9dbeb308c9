#!/usr/bin/env python3
"""One Gemini client against smolpub and Molly Brown while other work competes for the server's core.

    sudo bench/contended.py [--hogs 0,2] [--rounds 3] [--seconds 3] [--nice 0]

Both servers are pinned to CPU 0 inside a private network namespace that holds only loopback
(Molly Brown binds every interface), loadgen (one client, full handshakes) to CPU 1. For each
contention level N, N busy loops at nice 0 share CPU 0 with the server for the length of the
run and are stopped after it. Per server and level, medians over rounds of: p50 and p99
latency, server CPU per request, and from /proc/PID/task/*/schedstat the time the server's
threads spent runnable but waiting for the core (run delay) and how often they were switched
in, per request. Needs root (ip netns) and a Release build (bench/README.md); only prints.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEMINI_PORT, MOLLY_PORT = 19660, 19661


def page(size):
    """Deterministic gemtext of about `size` bytes, the same bytes bench/run.sh serves."""
    out, n = ["# A page of about %d bytes\n\n" % size], 0
    while sum(map(len, out)) < size - 120:
        n += 1
        out.append("Paragraph %d. The heron waits at the weir while the river keeps its own time; "
                   "nothing here is generated on request.\n\n" % n)
    return "".join(out) + "=> / Home\n"


def schedstat(pid):
    """(CPU ns, run delay ns, times switched in), summed over the process's threads."""
    total = [0, 0, 0]
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                for i, v in enumerate(f.read().split()):
                    total[i] += int(v)
        except FileNotFoundError:
            pass  # a thread that ended meanwhile
    return total


def wait_listening(ns, port, proc):
    for _ in range(100):
        if proc.poll() is not None:
            sys.exit("contended: a server exited; see its log in the work folder")
        ss = subprocess.run(["ip", "netns", "exec", ns, "ss", "-Hltn", "sport = :%d" % port],
                            capture_output=True, text=True).stdout
        if ss.strip():
            return
        time.sleep(0.1)
    sys.exit("contended: nothing listens on port %d after 10 s" % port)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build-bench"))
    ap.add_argument("--hogs", default="0,2", help="busy loops sharing the server core, per level")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=3)
    ap.add_argument("--nice", type=int, default=0, help="the servers' and client's nice value")
    ap.add_argument("--nagle", action="store_true", help="loadgen --nagle")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("contended: needs root for ip netns; try: sudo bench/contended.py")
    smolpub = os.path.join(args.build, "cli", "smolpub")
    loadgen = os.path.join(args.build, "bench", "loadgen")
    for b in (smolpub, loadgen):
        if not os.access(b, os.X_OK):
            sys.exit("contended: %s is missing; build it first (bench/README.md)" % b)
    levels = [int(x) for x in args.hogs.split(",")]

    work = tempfile.mkdtemp(prefix="smolpub-contended.")
    ns = "smolpub-contended-%d" % os.getpid()
    procs = []
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True)
        subprocess.run(["ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"], check=True)
        capsule = os.path.join(work, "capsule")
        shutil.copytree(os.path.join(REPO, "examples", "capsule"), capsule)
        os.makedirs(os.path.join(work, "molly", "docs"))
        for d in (capsule, os.path.join(work, "molly", "docs")):
            with open(os.path.join(d, "small.gmi"), "w") as f:
                f.write(page(2048))
        with open(os.path.join(work, "smolpub.toml"), "w") as f:
            f.write('[site]\ntitle = "T"\nauthor = "A"\ncontent = "capsule"\nhostnames = ["localhost"]\n'
                    'certificates = "certs"\n[gemini]\nlisten = ["127.0.0.1:%d"]\n[gopher]\nlisten = []\n'
                    '[limits]\nmax_connections_per_address = 0\n' % GEMINI_PORT)
        m = os.path.join(work, "molly")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "3650", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost", "-keyout", m + "/key.pem", "-out", m + "/cert.pem"],
                       check=True, capture_output=True)
        with open(m + "/molly.conf", "w") as f:
            f.write('Port = %d\nHostname = "localhost"\nCertPath = "%s/cert.pem"\nKeyPath = "%s/key.pem"\n'
                    'DocBase = "%s/docs"\nAccessLog = "%s/access.log"\nErrorLog = "%s/error.log"\n'
                    % (MOLLY_PORT, m, m, m, m, m))
        pin = lambda cpu: ["ip", "netns", "exec", ns, "nice", "-n", str(args.nice), "taskset", "-c", str(cpu)]
        servers = {}
        for name, port, cmd in (("smolpub", GEMINI_PORT, [smolpub, "serve", "--config", work + "/smolpub.toml"]),
                                ("molly", MOLLY_PORT, ["molly-brown", "-c", m + "/molly.conf"])):
            log = open(os.path.join(work, name + ".log"), "w")
            p = subprocess.Popen(pin(0) + cmd, cwd=work, stdout=log, stderr=log)
            procs.append(p)
            wait_listening(ns, port, p)
            servers[name] = (p.pid, port)

        rows = {}  # (level, server) -> list of dicts
        for r in range(args.rounds):
            for level in levels:
                for name, (pid, port) in servers.items():
                    # Each loop ends by itself after the run, should this script die first.
                    hog = "import time\nend = time.monotonic() + %d\nwhile time.monotonic() < end: pass\n"
                    hogs = [subprocess.Popen(["taskset", "-c", "0", sys.executable, "-c", hog % (args.seconds + 3)])
                            for _ in range(level)]
                    time.sleep(0.2)
                    before = schedstat(pid)
                    out = os.path.join(work, "run.json")
                    cmd = pin(1) + [loadgen, "gemini://localhost:%d/small.gmi" % port, "--concurrency", "1",
                                    "--threads", "1", "--duration", str(args.seconds), "--timeout", "5",
                                    "--json", out] + (["--nagle"] if args.nagle else [])
                    subprocess.run(cmd, capture_output=True)
                    after = schedstat(pid)
                    for h in hogs:
                        h.kill()
                        h.wait()
                    with open(out) as f:
                        d = json.load(f)
                    ok = max(d["ok"], 1)
                    rows.setdefault((level, name), []).append({
                        "p50": d["latency_us"]["p50"] / 1000, "p99": d["latency_us"]["p99"] / 1000,
                        "cpu": (after[0] - before[0]) / ok / 1000, "delay": (after[1] - before[1]) / ok / 1000,
                        "switches": (after[2] - before[2]) / ok})
            print("contended: round %d/%d done" % (r + 1, args.rounds), file=sys.stderr)

        load = open("/proc/loadavg").read().split()[:3]
        print("One client (loadgen c=1%s, full handshakes, 2 KB page), servers on CPU 0 at nice %d, %d round(s) x %d s;"
              " load average at the end: %s\n" % (", --nagle" if args.nagle else "", args.nice, args.rounds,
                                                   args.seconds, " ".join(load)))
        print("| busy loops on the server core | p50 ms | p99 ms | server CPU µs/req | run delay µs/req | switched in /req |")
        print("|---|---|---|---|---|---|")
        for level in levels:
            s, mb = rows[(level, "smolpub")], rows[(level, "molly")]
            cells = []
            for key, scale, fmt in (("p50", 1, "%.2f"), ("p99", 1, "%.2f"), ("cpu", 1, "%.0f"),
                                    ("delay", 1, "%.0f"), ("switches", 1, "%.1f")):
                a = statistics.median(x[key] for x in s)
                b = statistics.median(x[key] for x in mb)
                ratio = " (%.2f)" % (a / b) if b else ""
                cells.append((fmt + " / " + fmt + "%s") % (a * scale, b * scale, ratio))
            print("| %d | %s |" % (level, " | ".join(cells)))
        print("\nCells: smolpub / Molly Brown (ratio), medians over rounds.")
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
