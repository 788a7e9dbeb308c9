#!/usr/bin/env bash
# The layout rule of ARCHITECTURE.md, checked: each folder includes only the project folders
# it may depend on, and each third-party library stays in the folders that own it.
# The tables below are the rules; check_graph.py reads them from here.
# Usage: tests/layout/check_includes.sh [SOURCE_ROOT]; prints every violation as
# file:line: message and exits 1 if there is any.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)  # before the cd below: $0 may be a relative path
root=${1:-$here/../..}
cd "$root"

# folder -> the project folders its code may include (besides itself)
declare -A may_include=(
    [text]=""
    [render]="text"
    [content]="render text"
    [site]="content render text"
    [net]="content text"
    [tls]="net content text"
    [runtime]="site content tls net text"
    [gemini]="runtime site content render tls net text"
    [gopher]="runtime site content render net text"
    [http]="runtime site content render tls net text"
    [import]="content render text"
    [cli]="import gemini gopher http runtime site content render tls net text"
)
# third-party header prefix -> the folders that may include it
declare -A owned_by=(
    [cmark]="render"
    [toml++]="content"
    [openssl]="tls"
    [asio]="net tls runtime gemini gopher http cli"
    [libxml]="import"
    [zstd]="content"
    [zlib]="http"
    [tl]="text render content site import net tls runtime gemini gopher http cli"
)
# The C library and the kernel's headers, anyone may use; any other <x.h> or <x/...> is a
# third-party header that must be in owned_by above (so an ICU or sqlite include fails).
system_headers=" arpa netinet sys linux fcntl grp malloc pwd unistd netdb "
project_folders=" ${!may_include[*]} "

status=0
# The lines of $folder's sources that match the extended regex $1, as file:line:text.
includes_matching() { grep -HnE "$1" "$folder"/*.cpp "$folder"/*.hpp "$folder"/*.h 2>/dev/null || true; }
# The library an `#include <...>` line names: its first path part (zstd_errors.h is zstd's too).
library_of() {
    local name
    name=$(sed -E 's/^#include <([^/>.]+).*/\1/' <<<"$1")
    [[ $name == zstd_* ]] && name=zstd
    echo "$name"
}
violation() {
    echo "$1"
    status=1
}
for folder in "${!may_include[@]}"; do
    [ -d "$folder" ] || continue
    allowed=" $folder ${may_include[$folder]} "
    while IFS=: read -r file line text; do
        dep=$(sed -E 's/^#include "([^/"]+)\/.*/\1/' <<<"$text")
        [[ $allowed == *" $dep "* ]] || violation "$file:$line: $folder/ may not include $dep/ ($text)"
    done < <(includes_matching '^#include "[^"/]*/')
    while IFS=: read -r file line text; do
        lib=$(library_of "$text")
        # asio's TLS stream is OpenSSL under another name
        [[ $text == '#include <asio/ssl'* ]] && lib=openssl
        [[ " ${owned_by[$lib]:-} " == *" $folder "* ]] || violation "$file:$line: $lib belongs to ${owned_by[$lib]}/, not $folder/ ($text)"
    done < <(includes_matching '^#include <(cmark|toml\+\+|openssl|asio|libxml|zstd|zlib|tl/)')
    while IFS=: read -r file line text; do
        name=$(library_of "$text")
        if [[ $project_folders == *" $name "* ]]; then
            violation "$file:$line: a project header is included as \"$name/...\", not <...> ($text)"
        elif [[ $system_headers != *" $name "* && -z "${owned_by[$name]+set}" ]]; then
            violation "$file:$line: $name is a third-party header no folder owns; add it to owned_by ($text)"
        fi
    done < <(includes_matching '^[[:space:]]*#[[:space:]]*include[[:space:]]*<[^>]*[./][^>]*>')
done
for folder in */; do
    folder=${folder%/}
    case $folder in bench|docs|examples|fuzz|packaging|tests|build*) continue ;; esac
    if compgen -G "$folder/*.[ch]pp" >/dev/null || compgen -G "$folder/*.h" >/dev/null && [ -z "${may_include[$folder]+set}" ]; then
        violation "$folder/: a code folder the layout check does not know; add its rules to $0"
    fi
done
# What a grep of one line cannot see: includes through other headers, forward declarations,
# CMake link lines, and ARCHITECTURE.md's table against the one above.
python3 "$here/check_graph.py" "$here/$(basename "$0")" . || status=1
[ $status -eq 0 ] && echo "layout: every folder includes only what it may"
exit $status
