#!/usr/bin/env bash
# The layout check must fail on a tree that breaks each kind of rule, and pass on one that
# keeps them: a checker that always says yes would let the layout decay unnoticed.
set -euo pipefail
check=$(cd "$(dirname "$0")" && pwd)/check_includes.sh
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/text" "$tree/render" "$tree/site" "$tree/content"
echo '#include "text/utf8.hpp"' > "$tree/render/ok.hpp"
"$check" "$tree" >/dev/null || { echo "FAIL: a clean tree was rejected"; exit 1; }

source "$(dirname "$0")/expect_violation.sh"
expect_violation text/bad.hpp '#include "render/gemtext.hpp"' "a dependency against the flow"
expect_violation site/bad.cpp '#include <openssl/ssl.h>' "OpenSSL outside tls/"
expect_violation site/bad.cpp '#include <cmark.h>' "cmark outside render/"
expect_violation render/bad.cpp '#include <asio/ssl/context.hpp>' "asio's TLS outside tls/"
expect_violation site/bad.cpp '#include <unicode/ustring.h>' "an ICU header no folder owns"
expect_violation content/bad.cpp '#include <sqlite3.h>' "a sqlite header no folder owns"
expect_violation site/bad.cpp '#include <render/gemtext.hpp>' "a project header included with <...>"
expect_violation text/bad.h '#include "render/gemtext.hpp"' "a dependency against the flow in a .h file"
mkdir "$tree/newfolder" && touch "$tree/newfolder/x.cpp"
if "$check" "$tree" >/dev/null; then echo "FAIL: an unknown code folder was not reported"; exit 1; fi
echo "layout check: 10 cases passed"
