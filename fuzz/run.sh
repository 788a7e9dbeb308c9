#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while:
#   fuzz/run.sh [SECONDS]    default 60 s per target; exits non-zero if any target crashed,
#                            leaked, timed out (10 s for one input) or went over 2 GB.
# Each target starts from fuzz/corpus/<target>/, copied to a temporary folder so the checked-in
# seeds stay small and hand-picked. A failing input is kept in $build/crashes/<target>/.
# Environment: SMOLPUB_FUZZ_BUILD (default build-fuzz), SMOLPUB_FUZZ_TARGETS (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
case "$seconds" in ''|*[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac
build=${SMOLPUB_FUZZ_BUILD:-build-fuzz}
read -r -a targets <<< "${SMOLPUB_FUZZ_TARGETS:-fuzz_gemini_request fuzz_gemini_header fuzz_gopher_selector fuzz_markdown fuzz_config fuzz_comments fuzz_wordpress_html fuzz_wxr fuzz_proxy fuzz_http_request}"

# The project's own build dependencies, plus clang and its runtime (libFuzzer, ASan, UBSan).
packages=(clang-14 libclang-rt-14-dev cmake make pkg-config libssl-dev libasio-dev
          libtomlplusplus-dev libcmark-dev libexpected-dev libxml2-dev libzstd-dev zlib1g-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "fuzz/run.sh: installing ${missing[*]}" >&2
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSMOLPUB_FUZZ=ON -DSMOLPUB_SANITIZE=ON -DSMOLPUB_TESTS=OFF -DSMOLPUB_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# One target per core at a time: on CI's two cores that halves the wall time.
run_target() {  # run_target TARGET: writes the target's one-line verdict to $work/TARGET/verdict
    local t=$1
    local corpus="$work/$t/corpus" artifacts="$work/$t/artifacts/" log="$work/$t/log"
    mkdir -p "$corpus" "$artifacts"
    cp fuzz/corpus/"$t"/* "$corpus"/
    local seeds
    seeds=$(ls "$corpus" | wc -l)
    if "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1; then
        local runs
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "$t: ok, ${runs:-?} runs in ${seconds}s, corpus $seeds -> $(ls "$corpus" | wc -l)" >"$work/$t/verdict"
    else
        mkdir -p "$build/crashes/$t"
        cp "$artifacts"* "$build/crashes/$t/" 2>/dev/null || true
        cp "$log" "$build/crashes/$t/log.txt"
        { echo "$t: FAILED: $(grep -m1 -E 'ERROR|runtime error|invariant broken' "$log" || tail -1 "$log")"
          echo "    input and log kept in $build/crashes/$t/ (reproduce: $build/fuzz/$t <input>)"
        } >"$work/$t/verdict"
        return 1
    fi
}

jobs_max=$(nproc)
for t in "${targets[@]}"; do
    mkdir -p "$work/$t"
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
    run_target "$t" &
done
wait

failed=0
for t in "${targets[@]}"; do
    cat "$work/$t/verdict"
    grep -q "^$t: ok" "$work/$t/verdict" || failed=1
done
exit $failed
