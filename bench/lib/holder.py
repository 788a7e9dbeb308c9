#!/usr/bin/env python3
"""Holds N idle connections open against a loopback server, to measure its memory per connection.

usage: holder.py HOST PORT COUNT HOLD_SECONDS [--tls]

Opens COUNT connections one after another (with --tls each finishes its TLS handshake and then
sends nothing, like a client that stalls before its request line), prints "ready N ELAPSED" on
stdout, keeps them for HOLD_SECONDS, prints how many the server had already closed, and exits.
Loopback only: anything else is refused, so this cannot be pointed at someone else's server.
"""
import ipaddress
import socket
import ssl
import sys
import time


def is_loopback(host):
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv):
    if len(argv) not in (5, 6) or (len(argv) == 6 and argv[5] != "--tls"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    host, port, count, hold = argv[1], int(argv[2]), int(argv[3]), float(argv[4])
    use_tls = len(argv) == 6
    if not is_loopback(host) or not 0 < count <= 10000 or not 0 < hold <= 120:
        print("holder.py: loopback host, 1..10000 connections and 0..120 s only", file=sys.stderr)
        return 2

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # self-signed certificates are normal on Gemini

    held = []
    start = time.monotonic()
    try:
        for _ in range(count):
            raw = socket.create_connection((host, port), timeout=10)
            held.append(context.wrap_socket(raw, server_hostname=host) if use_tls else raw)
    except OSError as error:
        print(f"holder.py: stopped after {len(held)} connections: {error}", file=sys.stderr)
    print(f"ready {len(held)} {time.monotonic() - start:.2f}", flush=True)

    time.sleep(hold)
    closed = 0
    for conn in held:
        # A connection the server already dropped reads as end of stream (or an error) at once.
        conn.settimeout(0)
        try:
            if conn.recv(1) == b"":
                closed += 1
        except (BlockingIOError, ssl.SSLWantReadError):
            pass
        except OSError:
            closed += 1
        conn.close()
    print(f"closed_by_server {closed}", flush=True)
    return 0 if len(held) == count else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
