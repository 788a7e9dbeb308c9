#!/usr/bin/env python3
"""Memory and CPU of `smolpub serve` on a large archive (issue 13).

    bench/memory.py --smolpub BUILD/cli/smolpub [--archive DIR] [--reloads 3]
                    [--articles 10000] [--fetch N] [--cache MB] [--http] [--json FILE]

Starts the real server on 127.0.0.1:0 with a copy-free config pointing at ARCHIVE
(generated with bench/archive_gen.py into a temp folder when not given), then reports:

- after load: VmRSS, PSS (smaps_rollup: shared-library pages counted by their share),
  VmHWM, and the CPU (user+system, all threads) the load took;
- with --fetch N: the same after N Gemini page requests (distinct articles), so the
  page cache is filled;
- after each of --reloads reloads (SIGHUP), each after editing one article: the same
  figures, and the CPU the reload took.

With --http the config also has [http] (listen on 127.0.0.1:0) and --fetch N also loads
N article pages over plain HTTP (GET /catNN/post-NNNNN/), so the web face's memory is in
the figures; the peak (VmHWM) is reported at the end either way (issue 26).

Only the process this script started is signalled, by its PID. Loopback only.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")


def status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[k] = int(v.split()[0])
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Pss:"):
                out["Pss"] = int(line.split()[1])
    return out


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15; fields[0] here is field 3 (state).
    return (int(fields[11]) + int(fields[12])) / TICK


class Server:
    def __init__(self, binary, workdir, archive, cache_mb, http=False):
        self.out_path = os.path.join(workdir, "stdout.log")
        self.err_path = os.path.join(workdir, "stderr.log")
        conf = os.path.join(workdir, "smolpub.toml")
        with open(conf, "w") as f:
            f.write('[site]\ntitle = "Archive"\ncontent = "%s"\nhostnames = ["localhost"]\n'
                    'certificates = "%s"\n[gemini]\nlisten = ["127.0.0.1:0"]\ncheck_port = false\n'
                    '[gopher]\nlisten = ["127.0.0.1:0"]\nport = 70\n'
                    '[log]\naccess = false\n' % (archive, os.path.join(workdir, "certs")))
            if http:
                f.write('[http]\nlisten = ["127.0.0.1:0"]\n')
            if cache_mb is not None:
                f.write("[limits]\ncache = %d\n" % cache_mb)
        self.stdout = open(self.out_path, "w")
        self.stderr = open(self.err_path, "w")
        self.proc = subprocess.Popen([binary, "serve", "--config", conf], stdout=self.stdout,
                                     stderr=self.stderr)
        self.pid = self.proc.pid
        self.port = int(self.wait_for(r"gemini listening on 127\.0\.0\.1:(\d+)", 0, 120).group(1))
        self.gopher_port = int(self.wait_for(r"gopher listening on 127\.0\.0\.1:(\d+)", 0, 10).group(1))
        self.http_port = None
        if http:
            self.http_port = int(self.wait_for(r"http listening on 127\.0\.0\.1:(\d+)", 0, 10).group(1))

    def port_for(self, url):
        return self.gopher_port if url.startswith("gopher:") else self.port

    def output(self):
        with open(self.out_path) as f:
            return f.read()

    def wait_for(self, pattern, count, limit):
        """Waits until `pattern` has matched more than `count` times in stdout."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            found = list(re.finditer(pattern, self.output()))
            if len(found) > count:
                return found[count]
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        with open(self.err_path) as f:
            sys.exit("memory.py: server did not print %r in time:\n%s" % (pattern, f.read()[-2000:]))

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()


class Scratch:
    """A scratch folder for one run (`work`) and the server started in it (`server`): on
    leaving, the server is stopped and the folder removed."""

    def __init__(self, prefix):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.server = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.server:
            self.server.stop()
        shutil.rmtree(self.work, ignore_errors=True)


def gemini_get(port, path):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(("gemini://localhost:%d%s\r\n" % (port, path)).encode())
            data = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except (ssl.SSLError, OSError):
                    break
                if not chunk:
                    break
                data += chunk
    if not data.startswith(b"20 "):
        sys.exit("memory.py: %s answered %r" % (path, data[:60]))
    return data


def http_get(port, path):
    """One plain HTTP/1.1 GET, the connection closed after it; exits unless it answers 200."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    if not data.startswith(b"HTTP/1.1 200 "):
        sys.exit("memory.py: http %s answered %r" % (path, data[:60]))
    return data


def row(label, st, cpu=None):
    mb = lambda k: "%.1f" % (st[k] / 1024)
    return "| %s | %s | %s | %s | %s | %s |" % (
        label, mb("VmRSS"), mb("Pss"), mb("RssAnon"), mb("VmHWM"),
        "" if cpu is None else "%d" % round(cpu * 1000))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--smolpub", required=True)
    p.add_argument("--archive")
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--reloads", type=int, default=3)
    p.add_argument("--fetch", type=int, default=0)
    p.add_argument("--cache", type=int, default=None, help="limits.cache in MB (default: the server's)")
    p.add_argument("--http", action="store_true", help="also serve [http] and fetch over it")
    p.add_argument("--json")
    a = p.parse_args()

    with Scratch("smolpub-memory-") as run:
        work = run.work
        archive = a.archive
        if not archive:
            archive = os.path.join(work, "archive")
            subprocess.run([sys.executable, os.path.join(HERE, "archive_gen.py"), archive,
                            "--articles", str(a.articles)], check=True, stdout=subprocess.DEVNULL)
        archive = os.path.abspath(archive)
        # The edited article is restored at the end, so a given archive can be reused.
        edited = os.path.join(archive, "cat03", "post-00003.md")
        original = open(edited, "rb").read() if os.path.exists(edited) else None

        server = run.server = Server(os.path.abspath(a.smolpub), work, archive, a.cache, a.http)
        results = {"articles": a.articles, "http": a.http}
        time.sleep(0.5)  # let the process settle after its listening lines
        st = status(server.pid)
        load_cpu = cpu_seconds(server.pid)
        loaded = re.search(r"loaded [^\n]*", server.output())
        print("# smolpub memory, %s" % (loaded.group(0) if loaded else "?"))
        print()
        print("| when | VmRSS MB | PSS MB | RssAnon MB | VmHWM MB | CPU ms |")
        print("|---|---|---|---|---|---|")
        print(row("after load (CPU: start and load)", st, load_cpu))
        results["load"] = dict(st, cpu=load_cpu)

        if a.fetch:
            before = cpu_seconds(server.pid)
            for i in range(a.fetch):
                gemini_get(server.port, "/cat%02d/post-%05d.gmi" % (i % 20, i))
            if server.http_port:
                for i in range(a.fetch):
                    http_get(server.http_port, "/cat%02d/post-%05d/" % (i % 20, i))
            st = status(server.pid)
            what = "Gemini and HTTP" if server.http_port else "Gemini"
            print(row("after %d %s article requests" % (a.fetch, what), st, cpu_seconds(server.pid) - before))
            results["fetched"] = dict(st, cpu=cpu_seconds(server.pid) - before)

        results["reloads"] = []
        for r in range(a.reloads):
            if original is not None:
                with open(edited, "ab") as f:
                    f.write(b"\nEdited for reload %d.\n" % (r + 1))
            before = cpu_seconds(server.pid)
            os.kill(server.pid, signal.SIGHUP)
            server.wait_for(r"smolpub: reloaded", r, 120)
            time.sleep(0.3)
            cpu = cpu_seconds(server.pid) - before
            st = status(server.pid)
            print(row("after reload %d (one article edited)" % (r + 1), st, cpu))
            results["reloads"].append(dict(st, cpu=cpu))
        peak = status(server.pid)["VmHWM"]
        print()
        print("peak (VmHWM): %.1f MB" % (peak / 1024))
        results["peak_kb"] = peak
        if a.json:
            with open(a.json, "w") as f:
                json.dump(results, f, indent=1)
        if original is not None:
            with open(edited, "wb") as f:
                f.write(original)


if __name__ == "__main__":
    main()
