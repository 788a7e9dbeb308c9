#!/usr/bin/env bash
# Namespaces follow folders (ARCHITECTURE.md): code in folder X declares only smolpub::X (and
# namespaces nested in it, such as smolpub::net::proxy); tests in tests/X/ declare smolpub::X
# too, or the shared test namespaces. A one-line forward declaration of another folder's type
# (namespace smolpub::runtime { struct runtime_state; }) is allowed.
# Usage: tests/layout/check_namespaces.sh [SOURCE_ROOT]; prints every violation as
# file:line: message and exits 1 if there is any.
set -euo pipefail
root=${1:-$(dirname "$0")/../..}
cd "$root"

# namespaces any test, benchmark or fuzz target may declare besides its folder's
shared="e2e test testing bench fuzz"

status=0
check() {  # check FOLDER ALLOWED FILES...: ALLOWED is " ns1 ns2 "
    local folder=$1 allowed=$2
    shift 2
    while IFS=: read -r file line text; do
        ns=$(sed -E 's/.*namespace[[:space:]]+smolpub::([A-Za-z_0-9]+).*/\1/' <<<"$text")
        if [[ $allowed != *" $ns "* ]]; then
            local expected
            expected=$(sed -E 's/^ +| +$//g; s/ +/, smolpub::/g; s/^/smolpub::/' <<<"$allowed")
            echo "$file:$line: $folder/ declares smolpub::$ns; it may declare $expected ($text)"
            status=1
        fi
    done < <(grep -HnE '^[[:space:]]*(inline[[:space:]]+)?namespace[[:space:]]+smolpub::[A-Za-z_]' "$@" 2>/dev/null |
             grep -vE ':namespace smolpub::[A-Za-z_:]+ \{ (struct|class) [A-Za-z_]+; \}' || true)
}

for dir in */; do
    folder=${dir%/}
    case $folder in bench|docs|examples|fuzz|packaging|tests|build*) continue ;; esac
    compgen -G "$folder/*.[ch]pp" >/dev/null || continue
    check "$folder" " $folder " "$folder"/*.cpp "$folder"/*.hpp
done
for dir in tests/*/; do
    folder=$(basename "$dir")
    compgen -G "$dir*.[ch]pp" >/dev/null || continue
    if [ -d "$folder" ]; then
        check "tests/$folder" " $folder $shared " "$dir"*.cpp "$dir"*.hpp
    else
        check "tests/$folder" " $shared " "$dir"*.cpp "$dir"*.hpp
    fi
done
for folder in bench fuzz; do
    compgen -G "$folder/*.[ch]pp" >/dev/null || continue
    check "$folder" " $shared " "$folder"/*.cpp "$folder"/*.hpp
done
[ $status -eq 0 ] && echo "layout: every folder declares only its own namespace"
exit $status
