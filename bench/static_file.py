#!/usr/bin/env python3
"""VmRSS of `smolpub serve` while it sends one large static file (issue 13).

    bench/static_file.py --smolpub BUILD/cli/smolpub [--size-mb 1024] [--slow-mb-per-s 64]

Writes a capsule holding one file of --size-mb MB (every MB different, so a byte out of
place changes the hash), starts the real server on 127.0.0.1:0, and fetches the file at
once over Gemini, read slowly (--slow-mb-per-s), and over Gopher, read as fast as it comes.
Samples the server's VmRSS every 20 ms meanwhile and reports the most it rose above the
level before the transfers, with both transfers' SHA-256 against the file's. Target:
less than 2 MB for a 1 GB file. Loopback only; only the process it started is signalled.
"""
import argparse
import hashlib
import os
import socket
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from memory import Scratch, Server, status  # noqa: E402

MB = 1 << 20
TIME_LIMIT = 300  # seconds for both transfers together


def write_file(path, size_mb):
    """size_mb MB: a random MB, each copy prefixed with its own number."""
    block = os.urandom(MB - 8)
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for i in range(size_mb):
            chunk = i.to_bytes(8, "big") + block
            f.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


def receive(sock, skip_header, rate, result, deadline):
    """Reads `sock` to its end; hashes what follows the header line if `skip_header`."""
    digest = hashlib.sha256()
    header = b""
    got = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        try:
            data = sock.recv(64 * 1024)
        except (ssl.SSLError, OSError):
            break
        if not data:
            break
        if skip_header and header is not None:
            header += data
            end = header.find(b"\r\n")
            if end < 0:
                continue
            result["header"] = header[:end].decode(errors="replace")
            data, header = header[end + 2:], None
        digest.update(data)
        got += len(data)
        if rate:
            # Sleep off whatever was read ahead of the rate.
            ahead = got / rate - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
    result["bytes"] = got
    result["sha256"] = digest.hexdigest()
    result["seconds"] = time.monotonic() - started


def gemini_fetch(port, path, rate, result, deadline):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        # A small receive buffer, as a slow client on a real network would have in flight.
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 * 1024)
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(("gemini://localhost:%d%s\r\n" % (port, path)).encode())
            receive(s, True, rate, result, deadline)


def gopher_fetch(port, selector, result, deadline):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall((selector + "\r\n").encode())
        receive(s, False, 0, result, deadline)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--smolpub", required=True)
    p.add_argument("--size-mb", type=int, default=1024)
    p.add_argument("--slow-mb-per-s", type=float, default=64)
    a = p.parse_args()

    with Scratch("smolpub-static-") as run:
        work = run.work
        capsule = os.path.join(work, "capsule")
        os.makedirs(os.path.join(capsule, "files"))
        with open(os.path.join(capsule, "index.md"), "w") as f:
            f.write('+++\ntitle = "Files"\n+++\nOne large file.\n')
        expected = write_file(os.path.join(capsule, "files", "big.bin"), a.size_mb)

        server = run.server = Server(os.path.abspath(a.smolpub), work, capsule, None)
        time.sleep(0.5)
        before = status(server.pid)
        deadline = time.monotonic() + TIME_LIMIT
        gemini, gopher = {}, {}
        threads = [
            threading.Thread(target=gemini_fetch,
                             args=(server.port, "/files/big.bin", a.slow_mb_per_s * MB, gemini, deadline)),
            threading.Thread(target=gopher_fetch, args=(server.gopher_port, "/files/big.bin", gopher, deadline)),
        ]
        for t in threads:
            t.start()
        most = before["VmRSS"]
        while any(t.is_alive() for t in threads):
            most = max(most, status(server.pid)["VmRSS"])
            time.sleep(0.02)
        for t in threads:
            t.join()
        after = status(server.pid)

        print("# smolpub sending a %d MB static file over Gemini (read at %g MB/s) and Gopher at once"
              % (a.size_mb, a.slow_mb_per_s))
        print()
        print("| | |")
        print("|---|---|")
        print("| VmRSS before | %.1f MB |" % (before["VmRSS"] / 1024))
        print("| VmRSS at most during the transfers | %.1f MB (+%.2f MB) |"
              % (most / 1024, (most - before["VmRSS"]) / 1024))
        print("| VmRSS after | %.1f MB |" % (after["VmRSS"] / 1024))
        for name, r in (("Gemini", gemini), ("Gopher", gopher)):
            same = r.get("sha256") == expected and r.get("bytes") == a.size_mb * MB
            print("| %s | %s, %d bytes in %.1f s, %s |" % (
                name, r.get("header", "no header") if name == "Gemini" else "no header",
                r.get("bytes", 0), r.get("seconds", 0), "byte-exact" if same else "**DIFFERENT**"))
        ok = all(r.get("sha256") == expected for r in (gemini, gopher))
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
