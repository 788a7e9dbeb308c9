#!/usr/bin/env bash
# bench/tls_instructions.sh LOADGEN SMOLPUB [SMOLPUB...]: user-space instructions per Gemini
# request, counted by callgrind, for a full handshake and for a resumed one (RFC 8446 C.4
# client: each ticket used once), on a ~2 KB static page. Instruction counts do not move with
# the load on a shared machine the way CPU seconds do, so one run of each binary compares
# builds, and each idea for a cheaper handshake can be measured on its own (issue 24).
#
# For each binary: the server starts under callgrind, the load generator makes N requests
# (BENCH_REQUESTS, default 400) with full handshakes, then N resumed, on one connection slot
# at a time; callgrind dumps its counts after each phase (callgrind_control --dump), so
#   Ir per request = (Ir of the phase) / N
# with start-up and shutdown left out. BENCH_KEEP=DIR keeps the dumps for callgrind_annotate.
# Loopback only; stops only the PIDs it started.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/tls_instructions.sh LOADGEN SMOLPUB [SMOLPUB...]" >&2; exit 2; }
loadgen=$1; shift
requests=${BENCH_REQUESTS:-400}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/smolpub-tlsir.XXXXXX)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

port=19670
mkdir -p "$work/capsule"
cp -r "$repo/examples/capsule/." "$work/capsule/"
head -c 2048 /dev/zero | tr '\0' 'x' | fold -w 70 > "$work/capsule/small.gmi"

ir_of() {  # ir_of DUMPFILE: total Ir of one callgrind dump
    awk '/^summary:/ { print $2 }' "$1"
}

printf '| binary | full handshake: Ir per request | resumed: Ir per request | resumed share |\n|---|---|---|---|\n'
for binary in "$@"; do
    rm -rf "$work/certs" "$work"/cg.*
    cat > "$work/smolpub.toml" <<TOML
[site]
content = "capsule"
hostnames = ["localhost"]
certificates = "certs"
[gemini]
listen = ["127.0.0.1:$port"]
[limits]
max_connections_per_address = 0
TOML
    # First a plain start, so the certificate exists and its generation is not counted.
    "$binary" serve --config "$work/smolpub.toml" > "$work/first.out" 2>&1 &
    server=$!
    for _ in $(seq 100); do [ -d "$work/certs" ] && ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
    kill "$server"; wait "$server" 2>/dev/null || true

    valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" --dump-instr=no --collect-systime=no \
        "$binary" serve --config "$work/smolpub.toml" > "$work/server.out" 2>&1 &
    server=$!
    for _ in $(seq 300); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done  # bounded: 30 s
    url="gemini://localhost:$port/small.gmi"
    "$loadgen" "$url" --concurrency 1 --threads 1 --requests 20 --timeout 20 >/dev/null  # warm-up
    callgrind_control --zero "$server" >/dev/null 2>&1
    "$loadgen" "$url" --concurrency 1 --threads 1 --requests "$requests" --timeout 20 --json "$work/full.json" >/dev/null
    callgrind_control --dump=full "$server" >/dev/null 2>&1
    "$loadgen" "$url" --concurrency 1 --threads 1 --requests "$requests" --timeout 20 --resume --json "$work/resumed.json" >/dev/null
    callgrind_control --dump=resumed "$server" >/dev/null 2>&1
    kill "$server"; wait "$server" 2>/dev/null || true
    server=
    full=$(ir_of "$(ls "$work"/cg.*.1 2>/dev/null | head -1)")
    resumed=$(ir_of "$(ls "$work"/cg.*.2 2>/dev/null | head -1)")
    share=$(python3 -c 'import json, sys; g = json.load(open(sys.argv[1])); print("%.1f %%" % (100 * g.get("resumed", 0) / max(g["ok"], 1)))' "$work/resumed.json")
    if [ -n "${BENCH_KEEP:-}" ]; then  # the dumps, for callgrind_annotate
        mkdir -p "$BENCH_KEEP" && cp "$work"/cg.*.1 "$BENCH_KEEP/$(basename "$binary").full" && cp "$work"/cg.*.2 "$BENCH_KEEP/$(basename "$binary").resumed"
    fi
    printf '| %s | %s | %s | %s |\n' "$binary" "$(( full / requests ))" "$(( resumed / requests ))" "$share"
done
