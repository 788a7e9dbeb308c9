#!/usr/bin/env python3
"""One unfriendly address against a loopback server: holds idle connections and reconnects as fast as it is refused.

usage: attacker.py HOST PORT SOURCE HOLD SECONDS

From the loopback address SOURCE (say 127.0.0.2), opens connections to HOST:PORT and sends
nothing. Connections the server keeps are held, up to HOLD of them (those the server later
drops, at its handshake timeout, are opened again); one the server closes at once counts as
refused, and the next is opened straight away. Stops after SECONDS (at most 120) or a million
connections, and prints one line: "held N refused M connects_per_s R". Loopback only.
"""
import ipaddress
import selectors
import socket
import sys
import time


def loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("localhost", "localhost.")


def main(argv):
    if len(argv) != 6:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    host, port, source, hold, seconds = argv[1], int(argv[2]), argv[3], int(argv[4]), float(argv[5])
    if not (loopback(host) and loopback(source)) or not 0 < hold <= 10000 or not 0 < seconds <= 120:
        print("attacker.py: loopback addresses, 1..10000 held and 0..120 s only", file=sys.stderr)
        return 2

    held = selectors.DefaultSelector()
    refused = connects = 0
    deadline = time.monotonic() + seconds
    start = time.monotonic()
    while time.monotonic() < deadline and connects < 1_000_000:
        # Forget held connections the server has dropped since (readable means closed: we never send).
        for key, _ in held.select(timeout=0):
            held.unregister(key.fileobj)
            key.fileobj.close()
        s = socket.socket(socket.AF_INET6 if ":" in source else socket.AF_INET, socket.SOCK_STREAM)
        s.bind((source, 0))
        try:
            s.connect((host, port))
        except OSError:
            s.close()
            time.sleep(0.001)
            continue
        connects += 1
        s.settimeout(0.05 if len(held.get_map()) < hold else 1.0)
        try:
            s.recv(1)  # an answer (a Gopher error line) or a close: refused
            refused += 1
            s.close()
            continue
        except socket.timeout:
            pass
        except OSError:  # reset
            refused += 1
            s.close()
            continue
        if len(held.get_map()) < hold:
            s.setblocking(False)
            held.register(s, selectors.EVENT_READ)
        else:
            s.close()  # not refused within a second, though it should have been
    elapsed = time.monotonic() - start
    print(f"held {len(held.get_map())} refused {refused} connects_per_s {connects / elapsed:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
