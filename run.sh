#!/usr/bin/env bash
# The two commands of README's quick start, for a fresh Debian 12 machine:
#   ./run.sh serve   install what is missing, build, serve examples/ (Gemini :1965, Gopher :7070)
#   ./run.sh test    install what is missing, build with -Werror, run every test
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake make pkg-config libssl-dev libasio-dev libtomlplusplus-dev libcmark-dev
          libexpected-dev doctest-dev openssl cmark)
test_packages=(curl lynx)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "run.sh: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build DIR [cmake options...]
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
}

case "${1:-}" in
serve)
    install_missing "${packages[@]}"
    build build -DSMOLPUB_TESTS=OFF
    exec ./build/server/smolpub serve --config examples/smolpub.toml
    ;;
test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    build build-test -DSMOLPUB_WERROR=ON
    ctest --test-dir build-test --output-on-failure -j "$(nproc)" --timeout 120
    ;;
*)
    echo "usage: ./run.sh serve | ./run.sh test" >&2
    exit 2
    ;;
esac
