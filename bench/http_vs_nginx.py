#!/usr/bin/env python3
"""A cached article page over HTTP: smolpub against nginx serving its static export (issue 26).

    bench/http_vs_nginx.py --smolpub BUILD/cli/smolpub --loadgen BUILD/bench/loadgen
                           [--rounds 5] [--seconds 2] [--concurrency 1 16] [--keepalive 100]
                           [--page /notes/heron-at-the-weir/] [--json FILE]

smolpub serves a copy of examples/capsule with an [http] listener; nginx (Debian's
/usr/sbin/nginx, one worker, access_log off, its own config in a temporary folder, not
daemonised) serves `smolpub build`'s html/ export of the same capsule. smolpub's access log is
off too ([log] access = false), so neither writes a line per request. Both are pinned to CPU 0,
loadgen (one thread) to CPU 1. Cells: new connection per request (`Connection: close`), and
keep-alive (--keepalive requests per connection), at each concurrency. Each round runs every
cell on both servers, who goes first alternating; the figure is the server's CPU (user +
system from /proc/PID/stat; nginx: master and worker) over the successful requests, and the
ratio smolpub / nginx is taken per round, then the median over rounds. Loopback only; only the
processes this script started are signalled; every wait is bounded.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ticks(pid):
    """utime + stime of one process, in clock ticks."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def tree(pid):
    """The process and its children (nginx: master and worker)."""
    pids = [pid]
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            pids += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return pids


def cpu_seconds(pid):
    total = 0
    for p in tree(pid):
        try:
            total += ticks(p)
        except OSError:
            pass
    return total / CLK_TCK


def wait_port(port, proc, what):
    for _ in range(100):  # 10 s
        if proc.poll() is not None:
            sys.exit("%s exited (%s)" % (what, proc.returncode))
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit("%s does not listen on %d after 10 s" % (what, port))


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def pinned(cpu, nice, argv):
    return ["taskset", "-c", str(cpu), "nice", "-n", str(nice)] + argv


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--smolpub", required=True)
    p.add_argument("--loadgen", required=True)
    p.add_argument("--nginx", default="/usr/sbin/nginx")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--seconds", type=float, default=2)
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    p.add_argument("--keepalive", type=int, default=100, help="requests per kept-alive connection (smolpub's http.max_requests default)")
    p.add_argument("--page", default="/notes/heron-at-the-weir/")
    p.add_argument("--json", help="write the raw runs here")
    a = p.parse_args()
    nice = -10 if os.geteuid() == 0 else 0
    a.rounds = max(1, min(a.rounds, 50))

    work = tempfile.mkdtemp(prefix="smolpub-http-bench-")
    procs = []
    try:
        shutil.copytree(os.path.join(REPO, "examples", "capsule"), os.path.join(work, "capsule"))
        http_port, gemini_port, nginx_port = free_port(), free_port(), free_port()
        config = os.path.join(work, "smolpub.toml")
        with open(config, "w") as f:
            f.write('[site]\ntitle = "Lantern Lane"\nauthor = "Wren Okafor"\ncontent = "capsule"\n'
                    'hostnames = ["localhost"]\ncertificates = "certs"\n'
                    '[gemini]\nlisten = ["127.0.0.1:%d"]\n'
                    '[http]\nlisten = ["127.0.0.1:%d"]\nbase_url = "http://localhost:%d/"\nmax_requests = %d\n'
                    '[log]\naccess = false\n' % (gemini_port, http_port, http_port, max(a.keepalive, 1)))
        export = os.path.join(work, "export")
        subprocess.run([a.smolpub, "build", export, "--config", config], check=True, stdout=subprocess.DEVNULL, timeout=120)
        html = os.path.join(export, "html")
        os.makedirs(os.path.join(work, "nginx"))
        nginx_conf = os.path.join(work, "nginx", "nginx.conf")
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = os.path.join(work, "nginx")
        with open(nginx_conf, "w") as f:
            f.write(user + "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
                    "events { worker_connections 1024; }\n"
                    "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n  sendfile on;\n"
                    "  keepalive_requests %d;\n"
                    "  client_body_temp_path %s/body; proxy_temp_path %s/proxy; fastcgi_temp_path %s/fastcgi;\n"
                    "  uwsgi_temp_path %s/uwsgi; scgi_temp_path %s/scgi;\n"
                    "  server {\n    listen 127.0.0.1:%d;\n    root %s;\n    index index.html;\n  }\n}\n"
                    % (temp, temp, max(a.keepalive, 1), temp, temp, temp, temp, temp, nginx_port, html))

        smolpub = subprocess.Popen(pinned(0, nice, [a.smolpub, "serve", "--config", config]),
                                   stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "smolpub.err"), "w"))
        procs.append(smolpub)
        wait_port(http_port, smolpub, "smolpub")
        nginx = subprocess.Popen(pinned(0, nice, [a.nginx, "-c", nginx_conf, "-p", temp, "-g", "daemon off;"]),
                                 stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "nginx.err"), "w"))
        procs.append(nginx)
        wait_port(nginx_port, nginx, "nginx")
        servers = {"smolpub": (smolpub.pid, http_port), "nginx": (nginx.pid, nginx_port)}

        def run(name, conc, keepalive, seconds):
            pid, port = servers[name]
            out = os.path.join(work, "last.json")
            if os.path.exists(out):
                os.remove(out)
            before = cpu_seconds(pid)
            subprocess.run(pinned(1, nice, [a.loadgen, "http://127.0.0.1:%d%s" % (port, a.page), "--concurrency", str(conc),
                                            "--threads", "1", "--duration", str(seconds), "--requests", "2000000",
                                            "--timeout", "5", "--keepalive", str(keepalive), "--json", out]),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=seconds + 30)
            used = cpu_seconds(pid) - before
            with open(out) as f:
                r = json.load(f)
            return {"server": name, "concurrency": conc, "keepalive": keepalive, "ok": r["ok"], "failed": r["failed"],
                    "errors": r.get("errors", {}), "bytes": r["bytes"], "cpu_us_per_req": 1e6 * used / max(r["ok"], 1),
                    "p50_us": r["latency_us"]["p50"], "p99_us": r["latency_us"]["p99"], "rps": r["requests_per_s"]}

        for name in servers:  # warm-up, not recorded: the page cache, smolpub's page cache, nginx's open files
            run(name, 4, a.keepalive, 0.5)
        runs = []
        cells = [(c, k) for k in (1, a.keepalive) for c in a.concurrency]
        for rnd in range(a.rounds):
            order = ["smolpub", "nginx"] if rnd % 2 == 0 else ["nginx", "smolpub"]
            for conc, keep in cells:
                for name in order:
                    r = run(name, conc, keep, a.seconds)
                    r["round"] = rnd + 1
                    runs.append(r)
            print("round %d/%d done" % (rnd + 1, a.rounds), file=sys.stderr)
        if a.json:
            with open(a.json, "w") as f:
                for r in runs:
                    f.write(json.dumps(r) + "\n")

        page_bytes = {r["server"]: r["bytes"] // max(r["ok"], 1) for r in runs if r["ok"]}
        print("- page %s: smolpub %s bytes per response, nginx %s (headers included)" %
              (a.page, page_bytes.get("smolpub"), page_bytes.get("nginx")))
        print("- %d round(s) x %.1f s per cell; load average at the end: %s" %
              (a.rounds, a.seconds, open("/proc/loadavg").read().split()[:3]))
        print()
        print("| connections | c | smolpub µs/req | nginx µs/req | smolpub ÷ nginx (median of rounds) | target ≤ 1.5 | "
              "p99 smolpub | p99 nginx | req/s smolpub | req/s nginx | errors |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for conc, keep in cells:
            def pick(name, key):
                return [r[key] for r in runs if r["server"] == name and r["concurrency"] == conc and r["keepalive"] == keep]
            ratios = [s / n for s, n in zip(pick("smolpub", "cpu_us_per_req"), pick("nginx", "cpu_us_per_req")) if n > 0]
            ratio = statistics.median(ratios) if ratios else float("nan")
            errors = sum(pick("smolpub", "failed")) + sum(pick("nginx", "failed"))
            print("| %s | %d | %.1f | %.1f | %.2f | %s | %.0f µs | %.0f µs | %.0f | %.0f | %d |" % (
                "new per request" if keep == 1 else "keep-alive, %d per connection" % keep, conc,
                statistics.median(pick("smolpub", "cpu_us_per_req")), statistics.median(pick("nginx", "cpu_us_per_req")),
                ratio, "met" if ratio <= 1.5 else "not met",
                statistics.median(pick("smolpub", "p99_us")), statistics.median(pick("nginx", "p99_us")),
                statistics.median(pick("smolpub", "rps")), statistics.median(pick("nginx", "rps")), errors))
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
