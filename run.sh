#!/usr/bin/env bash
# The two commands of README's quick start, for a fresh Debian 12 machine:
#   ./run.sh serve   install what is missing, build, serve examples/ (Gemini :1965, Gopher :7070)
#   ./run.sh test    install what is missing, build with -Werror, run every test
#                    (with CI=true also test-asan and 15 s of each fuzzer: fuzz/run.sh)
#   ./run.sh test-asan   every test again, built with AddressSanitizer + UBSan (build-asan/)
#   ./run.sh fuzz [SECONDS]   the libFuzzer targets, SECONDS each (default 60)
#   ./run.sh deb     the Debian package (debian/, dpkg-buildpackage): dist/smolpub_VERSION_ARCH.deb
#                    and its -dbgsym; packaging/test-deb.sh tests it
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake make pkg-config libssl-dev libasio-dev libtomlplusplus-dev libcmark-dev
          libexpected-dev doctest-dev openssl cmark libxml2-dev libzstd-dev zlib1g-dev)
test_packages=(curl lynx w3m tidy haproxy python3 python3-feedparser nginx caddy chromium)
deb_packages=(debhelper dpkg-dev fakeroot lintian build-essential)

# shellcheck source=install_missing.sh
source ./install_missing.sh

build() {  # build DIR [cmake options...]
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
}

# Unity builds (CMake joins a folder's sources, 8 to a translation unit): the project's and the
# tests' headers (asio, doctest, OpenSSL, the STL) are parsed once per 8 files instead of once
# per file, which took the CPU of a build from 387 to 159 s in a measured sample. It asks one
# thing of the code: names in anonymous namespaces are unique within a folder.
unity=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8)

test_asan() {
    # -O1 -g1: line numbers in sanitizer reports, at about half the compile time of -O2 -g.
    build build-asan -DSMOLPUB_SANITIZE=ON -DSMOLPUB_BENCH=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" "${unity[@]}"
    ctest --test-dir build-asan --output-on-failure -j "$(nproc)" --timeout 300
}

case "${1:-}" in
serve)
    install_missing "${packages[@]}"
    build build -DSMOLPUB_TESTS=OFF
    exec ./build/cli/smolpub serve --config examples/smolpub.toml
    ;;
test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    build build-test -DSMOLPUB_WERROR=ON "${unity[@]}"
    ctest --test-dir build-test --output-on-failure -j "$(nproc)" --timeout 120
    if [ "${CI:-}" = true ]; then
        test_asan
        fuzz/run.sh "${SMOLPUB_CI_FUZZ_SECONDS:-15}"
    fi
    ;;
test-asan)
    install_missing "${packages[@]}" "${test_packages[@]}"
    test_asan
    ;;
fuzz)
    exec fuzz/run.sh "${2:-60}"
    ;;
deb)
    install_missing "${packages[@]}" "${deb_packages[@]}"
    # dpkg-buildpackage writes next to the source folder: build in a copy under build-deb/.
    rm -rf build-deb && mkdir -p build-deb/src dist
    tar --exclude='./build*' --exclude=./dist --exclude=./.git --exclude=./examples/certs -cf - . |
        tar -xf - -C build-deb/src
    (cd build-deb/src && dpkg-buildpackage -b -us -uc)
    cp build-deb/*.deb dist/
    ls dist/*.deb
    ;;
*)
    echo "usage: ./run.sh serve | test | test-asan | fuzz [SECONDS] | deb" >&2
    exit 2
    ;;
esac
