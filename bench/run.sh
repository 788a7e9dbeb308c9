#!/usr/bin/env bash
# bench/run.sh [--quick]: smolpub against the Gemini and Gopher servers people run today, side by
# side on this machine. Method and caveats: bench/README.md.
#
#   Gemini: smolpub vs Molly Brown, the same ~2 KB and ~64 KB pages, same P-256 key type.
#   Gopher: smolpub vs Gophernicus (inetd-style, one process per request, under socat).
#   Cells: concurrency 1, 16, 64 x resumption off/on, servers interleaved, several rounds;
#   and one client that leaves Nagle on (loadgen --nagle), c=1, resumption off.
#   Per cell and server: requests/s, p50/p99, server CPU us per request, VmRSS idle, VmHWM.
#   Also: memory with 1,000 idle TLS connections, with 1,000 and 10,000 connections that never
#   send a byte; 16 clients' latency while one address floods smolpub with connections; and
#   the `openssl speed` crypto floor.
#
# Everything runs inside a private network namespace that holds only loopback (Molly Brown
# binds every interface), servers pinned to one core and the client to another. Needs root
# (ip netns). Writes bench/results/<UTC date>.md and .jsonl in full mode; --quick only prints.
# Environment: BENCH_ROUNDS, BENCH_SECONDS, BENCH_BUILD (build dir), BENCH_SERVER_CPU,
# BENCH_CLIENT_CPU, BENCH_NICE override the defaults below; BENCH_SKIP_BUILD=1 uses the binaries already built;
# BENCH_ONLY=nagle,attack (any of gemini, nagle, gopher, held, idle, attack) runs only those parts.
# BENCH_BASELINE=REV also builds commit REV (build-bench-base/) and runs it as a third Gemini
# server in the same cells, interleaved: "the commit before and after, in the same run".
# BENCH_PAGES="small", BENCH_CONCURRENCY="16" narrow the Gemini cells; BENCH_THREADS sets
# smolpub's server.threads (default 1; give BENCH_SERVER_CPU=0,1 for two cores), and
# BENCH_BASE_THREADS the baseline's (BENCH_BASELINE=HEAD BENCH_BASE_THREADS=2: 1 against 2).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

quick=false
case "${1:-}" in
"") ;;
--quick) quick=true ;;
-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac
if $quick; then rounds=${BENCH_ROUNDS:-1}; seconds=${BENCH_SECONDS:-1}; idle_count=200
else rounds=${BENCH_ROUNDS:-4}; seconds=${BENCH_SECONDS:-4}; idle_count=1000; fi
build_dir=${BENCH_BUILD:-$repo/build-bench}
only=${BENCH_ONLY:-all}
wanted() { [ "$only" = all ] || [[ ",$only," == *",$1,"* ]]; }
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
# Servers and client alike run at a higher priority than the other work on a shared machine,
# so that its builds disturb the latencies less; it changes nothing for CPU per request.
nice=${BENCH_NICE:--10}
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh: needs root for ip netns; try: sudo bench/run.sh" >&2; exit 2; }

# ---------------------------------------------------------------- dependencies and build
packages=(g++ cmake make pkg-config libssl-dev libasio-dev libtomlplusplus-dev libcmark-dev
          libexpected-dev libxml2-dev libzstd-dev zlib1g-dev openssl molly-brown gophernicus socat iproute2 util-linux python3)
install_label=bench
# shellcheck source=../install_missing.sh
source "$repo/install_missing.sh"
install_missing "${packages[@]}"
if [ "${BENCH_SKIP_BUILD:-}" = 1 ] && [ -x "$build_dir/cli/smolpub" ] && [ -x "$build_dir/bench/loadgen" ]; then
    echo "bench: BENCH_SKIP_BUILD=1: using the binaries already in $build_dir" >&2
else
    echo "bench: building smolpub and loadgen (Release) in $build_dir" >&2
    if ! { cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSMOLPUB_TESTS=OFF -DSMOLPUB_BENCH=ON &&
           cmake --build "$build_dir" -j "$(nproc)" --target smolpub loadgen; } > "$build_dir.log" 2>&1; then
        tail -20 "$build_dir.log" >&2
        echo "bench: build failed (full log: $build_dir.log)" >&2
        exit 1
    fi
fi
smolpub=$build_dir/cli/smolpub
loadgen=$build_dir/bench/loadgen
pages=${BENCH_PAGES:-small large}
concurrencies=${BENCH_CONCURRENCY:-1 16 64}
threads=${BENCH_THREADS:-1}

# The baseline is built from `git archive`, so it never touches this checkout or its index.
baseline=${BENCH_BASELINE:-}
if [ -n "$baseline" ]; then
    base_rev=$(git -C "$repo" rev-parse --short "$baseline")
    base_src=$repo/build-bench-base-src base_build=$repo/build-bench-base
    if [ "$(cat "$base_build/.rev" 2>/dev/null)" != "$base_rev" ] || [ ! -x "$base_build/cli/smolpub" ]; then
        echo "bench: building the baseline $base_rev (Release) in $base_build" >&2
        rm -rf "$base_src" && mkdir -p "$base_src" "$base_build"
        git -C "$repo" archive "$base_rev" | tar -x -C "$base_src"
        if ! { cmake -S "$base_src" -B "$base_build" -DCMAKE_BUILD_TYPE=Release -DSMOLPUB_TESTS=OFF -DSMOLPUB_BENCH=OFF &&
               cmake --build "$base_build" -j "$(nproc)" --target smolpub; } > "$base_build.log" 2>&1; then
            tail -20 "$base_build.log" >&2
            echo "bench: the baseline's build failed (full log: $base_build.log)" >&2
            exit 1
        fi
        echo "$base_rev" > "$base_build/.rev"
    fi
fi

# ---------------------------------------------------------------- cleanup: only what we started
work=$(mktemp -d /tmp/smolpub-bench.XXXXXX)
ns=smolpub-bench-$$
pids=()
stop_pid() {  # TERM, up to 5 s, then KILL; only PIDs this script started
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
in_ns() { ip netns exec "$ns" "$@"; }

# ---------------------------------------------------------------- the same bytes for everyone
# Deterministic gemtext of about the given size: a heading and numbered paragraphs.
make_page() {  # make_page FILE BYTES
    python3 - "$1" "$2" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2])
out = ["# A page of about %d bytes\n\n" % size]
n = 0
while sum(map(len, out)) < size - 120:
    n += 1
    out.append("Paragraph %d. The heron waits at the weir while the river keeps its own time; "
               "nothing here is generated on request.\n\n" % n)
text = "".join(out)
text += "=> / Home\n"
open(path, "w").write(text)
PY
}
capsule=$work/smolpub/capsule
mkdir -p "$work/smolpub" "$work/molly/docs" "$work/gophernicus"
cp -r "$repo/examples/capsule" "$capsule"
make_page "$capsule/small.gmi" 2048
make_page "$capsule/large.gmi" 65536
cp "$capsule/small.gmi" "$capsule/large.gmi" "$work/molly/docs/"

gemini_port=19650 gopher_port=17070 molly_port=19651 gophernicus_port=17071 wide_port=19652 attack_port=19653
base_port=19654 base_gopher_port=17074
cat > "$work/smolpub/smolpub.toml" <<TOML
[site]
title = "Lantern Lane"
author = "Wren Okafor"
content = "capsule"
hostnames = ["localhost"]
certificates = "certs"
[gemini]
listen = ["127.0.0.1:$gemini_port", "[::1]:$gemini_port"]
[gopher]
listen = ["127.0.0.1:$gopher_port", "[::1]:$gopher_port"]
host = "localhost"
port = $gopher_port
[server]
threads = $threads
[limits]
# All of loadgen's 64 clients come from one address, as Molly Brown has no such cap either;
# the "attack" part runs its own smolpub with the default cap of 32.
max_connections_per_address = 0
TOML
if [ -n "$baseline" ]; then  # the same site on other ports, with its own copy of the certificates
    mkdir -p "$work/base"
    sed -e "s/:$gemini_port\"/:$base_port\"/g" -e "s/:$gopher_port\"/:$base_gopher_port\"/g" -e "s/^port = $gopher_port/port = $base_gopher_port/" \
        -e "s|^content = .*|content = \"$capsule\"|" -e "s/^threads = .*/threads = ${BENCH_BASE_THREADS:-$threads}/" \
        "$work/smolpub/smolpub.toml" > "$work/base/smolpub.toml"
fi

# Molly Brown gets the same key type smolpub makes for itself: ECDSA P-256, self-signed.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$work/molly/key.pem" -out "$work/molly/cert.pem" 2>/dev/null
cat > "$work/molly/molly.conf" <<TOML
Port = $molly_port
Hostname = "localhost"
CertPath = "$work/molly/cert.pem"
KeyPath = "$work/molly/key.pem"
DocBase = "$work/molly/docs"
AccessLog = "$work/molly/access.log"
ErrorLog = "$work/molly/error.log"
TOML

# Gophernicus serves smolpub's own Gopher export (gophermaps), so both send the same home menu.
"$smolpub" build "$work/export" --config "$work/smolpub/smolpub.toml" >/dev/null

# ---------------------------------------------------------------- servers
wait_listening() {  # wait_listening PORT PID: bounded, 10 s
    for _ in $(seq 100); do
        kill -0 "$2" 2>/dev/null || { echo "bench: server for port $1 exited" >&2; return 1; }
        [ -n "$(in_ns ss -Hltn "sport = :$1")" ] && return 0
        sleep 0.1
    done
    echo "bench: nothing listens on port $1 after 10 s" >&2
    return 1
}
declare -A pid_of
start_server() {  # start_server NAME PORT COMMAND...; `ip netns exec`, nice, taskset, setpriv all exec
    local name=$1 port=$2; shift 2
    # Not through in_ns: a backgrounded shell function is a subshell, and $! would be its PID.
    ip netns exec "$ns" nice -n "$nice" taskset -c "$server_cpu" "$@" > "$work/$name.out" 2> "$work/$name.err" &
    pids+=($!)
    pid_of[$name]=$!
    wait_listening "$port" "$!" || { cat "$work/$name.err" >&2; exit 1; }
}
start_server smolpub "$gemini_port" "$smolpub" serve --config "$work/smolpub/smolpub.toml"
start_server molly "$molly_port" molly-brown -c "$work/molly/molly.conf"
[ -n "$baseline" ] && start_server base "$base_port" "$base_build/cli/smolpub" serve --config "$work/base/smolpub.toml"
# Gophernicus refuses to run as root: socat and its children run as the package's own user.
# -i/-k: by default it throttles (sleeps a second per request) a client address past 4096 hits,
# which a benchmark from 127.0.0.1 reaches in seconds; a real reader never would. backlog: socat's
# default listen backlog of 5 drops SYNs at 16 clients, and the 1 s retransmit would be unfair.
chmod a+x "$work"; chmod -R a+rX "$work/export"
start_server gophernicus "$gophernicus_port" setpriv --reuid=_gophernicus --regid=_gophernicus --clear-groups socat "TCP-LISTEN:$gophernicus_port,fork,reuseaddr,backlog=1024" \
    "EXEC:gophernicus -h localhost -p $gophernicus_port -r $work/export/gopher -nv -nf -i 1000000000 -k 1000000000"

# ---------------------------------------------------------------- /proc readings
clk_tck=$(getconf CLK_TCK)
cpu_ticks() {  # "user system": utime+cutime, stime+cstime; children count for socat+gophernicus
    awk '{ sub(/^.*\) /, ""); print $12 + $14, $13 + $15 }' "/proc/$1/stat"
}
status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
# PSS: each shared page divided among the processes that map it, so libcrypto's code counts
# for what this server's share of it is, not in full as in VmRSS.
pss_kb() { awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup"; }

results=$work/runs.jsonl
: > "$results"
record() { echo "$1" >> "$results"; }

idle_servers=(smolpub molly); [ -n "$baseline" ] && idle_servers+=(base)
for name in "${idle_servers[@]}"; do
    record "{\"kind\":\"idle\",\"server\":\"$name\",\"vmrss_kb\":$(status_kb "${pid_of[$name]}" VmRSS),\"rssanon_kb\":$(status_kb "${pid_of[$name]}" RssAnon),\"pss_kb\":$(pss_kb "${pid_of[$name]}")}"
done

# ---------------------------------------------------------------- one measured run
url_of() {  # url_of SERVER PAGE
    case $1 in
    smolpub) echo "gemini://localhost:$gemini_port/${2%-nagle}.gmi" ;;
    molly) echo "gemini://localhost:$molly_port/${2%-nagle}.gmi" ;;
    base) echo "gemini://localhost:$base_port/${2%-nagle}.gmi" ;;
    smolpub-gopher) echo "gopher://localhost:$gopher_port/1" ;;
    gophernicus) echo "gopher://localhost:$gophernicus_port/1" ;;
    esac
}
measure() {  # measure ROUND SERVER PAGE CONCURRENCY RESUME(0/1) SECONDS
    local round=$1 server=$2 page=$3 conc=$4 resume=$5 secs=$6
    local pid=${pid_of[${server%-gopher}]} flags=() json=$work/last.json
    [ "$resume" = 1 ] && flags+=(--resume)
    [ "${page%-nagle}" != "$page" ] && flags+=(--nagle)
    echo 5 > "/proc/$pid/clear_refs"  # restart VmHWM, so it is this cell's peak
    local user0 sys0 user1 sys1
    read -r user0 sys0 < <(cpu_ticks "$pid")
    rm -f "$json"
    ip netns exec "$ns" nice -n "$nice" taskset -c "$client_cpu" "$loadgen" "$(url_of "$server" "$page")" --concurrency "$conc" \
        --threads 1 --duration "$secs" --timeout 5 "${flags[@]}" --json "$json" >/dev/null 2>&1 &
    local client=$!
    sleep "$(awk -v s="$secs" 'BEGIN { print s / 2 }')"
    local pss_loaded
    pss_loaded=$(pss_kb "$pid")  # PSS under load: halfway through the cell
    wait "$client" || true
    read -r user1 sys1 < <(cpu_ticks "$pid")
    [ -s "$json" ] || { echo "bench: loadgen wrote nothing for $server $page c=$conc" >&2; return 0; }
    record "{\"kind\":\"run\",\"round\":$round,\"server\":\"$server\",\"page\":\"$page\",\"concurrency\":$conc,\"resume\":$resume,\"cpu_us\":$(( (user1 + sys1 - user0 - sys0) * 1000000 / clk_tck )),\"sys_us\":$(( (sys1 - sys0) * 1000000 / clk_tck )),\"vmhwm_kb\":$(status_kb "$pid" VmHWM),\"vmrss_kb\":$(status_kb "$pid" VmRSS),\"pss_kb\":$pss_loaded,\"loadgen\":$(tr -d '\n' < "$json")}"
}

# Warm-up (not recorded): page cache, lazy allocations, Go's heap.
for s in "${idle_servers[@]}"; do measure 0 "$s" small 16 0 1 >/dev/null; done
for s in smolpub-gopher gophernicus; do measure 0 "$s" menu 16 0 1 >/dev/null; done
: > "$results.tmp"; grep -v '"round":0,' "$results" > "$results.tmp" || true; mv "$results.tmp" "$results"

cells=$(( rounds * (2 * 3 * 2 * 2 + 2 + 3 * 2) ))
echo "bench: $rounds round(s) of $(( cells / rounds )) runs, $seconds s each (about $(( cells * (seconds + 1) / 60 + 1 )) min)" >&2
for round in $(seq "$rounds"); do
    # Interleave the servers and swap who goes first each round, so drift hits both alike.
    if (( round % 2 )); then gem=(smolpub molly) goph=(smolpub-gopher gophernicus)
    else gem=(molly smolpub) goph=(gophernicus smolpub-gopher); fi
    [ -n "$baseline" ] && { (( round % 2 )) && gem+=(base) || gem=(base "${gem[@]}"); }
    wanted gemini && for page in $pages; do
        for conc in $concurrencies; do
            for resume in 0 1; do
                for s in "${gem[@]}"; do measure "$round" "$s" "$page" "$conc" "$resume" "$seconds"; done
            done
        done
    done
    # A client that leaves Nagle on (Python's ssl, many crawlers): its request waits for the
    # server's ACK of its Finished (issue 18). One client, full handshakes.
    wanted nagle && for s in "${gem[@]}"; do measure "$round" "$s" small-nagle 1 0 "$seconds"; done
    wanted gopher && for conc in 1 16 64; do
        for s in "${goph[@]}"; do measure "$round" "$s" menu "$conc" 0 "$seconds"; done
    done
    echo "bench: round $round/$rounds done" >&2
done

# ---------------------------------------------------------------- idle connections held open
# wait_held SECONDS: waits, that long at most, for the holder ($holder, writing
# $work/holder.out) to say "ready N S"; sets held=N and open_s=S (0 if it never did)
wait_held() {
    held=0 open_s=0
    for _ in $(seq $(($1 * 10))); do
        if [ -s "$work/holder.out" ] && read -r word n s < "$work/holder.out" && [ "$word" = ready ]; then held=$n open_s=$s; return; fi
        kill -0 "$holder" 2>/dev/null || return 0
        sleep 0.1
    done
}

wanted held && for name in smolpub molly; do
    pid=${pid_of[$name]}
    port=$gemini_port; [ "$name" = molly ] && port=$molly_port
    base=$(status_kb "$pid" VmRSS)
    rm -f "$work/holder.out"  # or the loop below may read the previous server's count
    ip netns exec "$ns" nice -n "$nice" taskset -c "$client_cpu" python3 "$repo/bench/lib/holder.py" localhost "$port" "$idle_count" 4 --tls \
        > "$work/holder.out" 2> "$work/holder.err" &
    holder=$!
    pids+=("$holder")
    wait_held 30
    sleep 1  # let the server settle what the last handshakes allocated
    with=$(status_kb "$pid" VmRSS)
    wait "$holder" || true
    closed=$(awk '$1 == "closed_by_server" { print $2 }' "$work/holder.out")
    record "{\"kind\":\"held\",\"server\":\"$name\",\"connections\":$held,\"open_s\":$open_s,\"closed_by_server\":${closed:-null},\"base_kb\":$base,\"with_kb\":$with}"
done

# ---------------------------------------------------------------- connections that never speak
# Plain TCP connections that send nothing (issue 17): what an accepted connection costs before
# its first byte, held by a second smolpub whose caps let one address hold 10,000 of them.
# config_like DIR PORT: the main config on another port, without Gopher or [limits]
config_like() {
    mkdir -p "$1"
    sed -e "s/:$gemini_port\"/:$2\"/g" -e '/^\[gopher\]/,$d' "$work/smolpub/smolpub.toml" > "$1/smolpub.toml"
    sed -i "s|^content = .*|content = \"$capsule\"|; s|^certificates = .*|certificates = \"$work/smolpub/certs\"|" "$1/smolpub.toml"
}
config_like "$work/wide" "$wide_port"
printf '[limits]\nmax_connections = 11000\nmax_connections_per_address = 0\n' >> "$work/wide/smolpub.toml"
files=$(ulimit -Hn); [ "$files" = unlimited ] || [ "$files" -gt 30000 ] && files=30000  # raising the hard limit may not be allowed
wanted idle && start_server smolpub-wide "$wide_port" prlimit --nofile="$files:$files" "$smolpub" serve --config "$work/wide/smolpub.toml"
wanted idle && for count in 1000 10000; do
    pid=${pid_of[smolpub-wide]}
    base=$(status_kb "$pid" VmRSS)
    rm -f "$work/holder.out"  # or the loop below may read the previous count before the holder starts
    ip netns exec "$ns" prlimit --nofile="$files:$files" nice -n "$nice" taskset -c "$client_cpu" \
        python3 "$repo/bench/lib/holder.py" 127.0.0.1 "$wide_port" "$count" 3 > "$work/holder.out" 2> "$work/holder.err" &
    holder=$!
    pids+=("$holder")
    wait_held 60
    sleep 1
    with=$(status_kb "$pid" VmRSS)
    wait "$holder" || true
    sleep 3  # the server returns what the burst took on a quiet moment (once a second)
    after=$(status_kb "$pid" VmRSS)
    record "{\"kind\":\"idle_tcp\",\"server\":\"smolpub\",\"connections\":$held,\"open_s\":$open_s,\"base_kb\":$base,\"with_kb\":$with,\"after_kb\":$after}"
done
wanted idle && stop_pid "${pid_of[smolpub-wide]}"

# ---------------------------------------------------------------- one address attacking
# 127.0.0.2 holds its limits.max_connections_per_address (32, the default) idle connections and
# reconnects as fast as it is refused, while 16 normal clients on another address (::1 or
# 127.0.0.1, what "localhost" resolves to first) fetch the small page with full handshakes.
if wanted attack; then
config_like "$work/attack" "$attack_port"  # default limits: 32 connections per address
start_server smolpub-attack "$attack_port" "$smolpub" serve --config "$work/attack/smolpub.toml"
pid=${pid_of[smolpub-attack]}
# The same load without the attacker first, on the same server, for comparison.
in_ns nice -n "$nice" taskset -c "$client_cpu" "$loadgen" "gemini://localhost:$attack_port/small.gmi" --concurrency 16 \
    --threads 1 --duration $(( seconds * rounds )) --timeout 5 --json "$work/alone.json" >/dev/null 2>&1 || true
attack_s=$(( seconds * rounds + 4 ))
ip netns exec "$ns" nice -n "$nice" taskset -c "$client_cpu" \
    python3 "$repo/bench/lib/attacker.py" 127.0.0.1 "$attack_port" 127.0.0.2 32 "$attack_s" > "$work/attacker.out" 2>&1 &
attacker=$!
pids+=("$attacker")
sleep 2  # it holds its 32 by now
before=$(status_kb "$pid" VmRSS)
rm -f "$work/last.json"
echo 5 > "/proc/$pid/clear_refs"
in_ns nice -n "$nice" taskset -c "$client_cpu" "$loadgen" "gemini://localhost:$attack_port/small.gmi" --concurrency 16 \
    --threads 1 --duration $(( seconds * rounds )) --timeout 5 --json "$work/last.json" >/dev/null 2>&1 || true
during=$(status_kb "$pid" VmHWM)
wait "$attacker" || true
sleep 3
after=$(status_kb "$pid" VmRSS)
read -r _ a_held _ a_refused _ a_rate < "$work/attacker.out" || true
[ -s "$work/last.json" ] && record "{\"kind\":\"attack\",\"server\":\"smolpub\",\"held\":${a_held:-null},\"refused\":${a_refused:-null},\"connects_per_s\":${a_rate:-null},\"before_kb\":$before,\"hwm_kb\":$during,\"after_kb\":$after,\"loadgen\":$(tr -d '\n' < "$work/last.json"),\"alone\":$(tr -d '\n' < "$work/alone.json" 2>/dev/null || echo null)}"
stop_pid "$pid"
fi

# ---------------------------------------------------------------- the crypto floor
taskset -c "$server_cpu" openssl speed -seconds "$($quick && echo 1 || echo 3)" ecdsap256 ecdhx25519 ecdhp256 \
    > "$work/speed.txt" 2>/dev/null

# ---------------------------------------------------------------- report
header() {
    echo "- date: $(date -u +'%Y-%m-%d %H:%M UTC'), $rounds round(s) x $seconds s per cell"
    echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
         "$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
    echo "- smolpub $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- server certs capsule render || echo ' (with uncommitted changes)'), Release;" \
         "Molly Brown $(dpkg-query -W -f='${Version}' molly-brown); Gophernicus $(dpkg-query -W -f='${Version}' gophernicus)" \
         "under socat $(dpkg-query -W -f='${Version}' socat); $(openssl version)"
    echo "- server on CPU $server_cpu, loadgen (1 thread) on CPU $client_cpu, both at nice $nice, private netns with loopback only"
    echo "- load average at the end (other people's work on the same cores): $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- page bytes: small $(stat -c %s "$capsule/small.gmi"), large $(stat -c %s "$capsule/large.gmi")"
}
report=$work/report.md
{ header; echo; python3 "$repo/bench/lib/report.py" "$results" "$work/speed.txt"; } > "$report"
cat "$report"
if ! $quick; then
    mkdir -p "$repo/bench/results"
    stamp=$(date -u +%F)
    [ "$only" = all ] || stamp=$stamp-${only//,/-}  # a partial run is not the day's full report
    cp "$report" "$repo/bench/results/$stamp.md"
    cp "$results" "$repo/bench/results/$stamp.jsonl"
    echo "bench: wrote bench/results/$stamp.md and .jsonl" >&2
fi
