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
expect_violations <<'EOF'
text/bad.hpp | #include "render/gemtext.hpp" | a dependency against the flow
site/bad.cpp | #include <openssl/ssl.h> | OpenSSL outside tls/
site/bad.cpp | #include <cmark.h> | cmark outside render/
render/bad.cpp | #include <asio/ssl/context.hpp> | asio's TLS outside tls/
site/bad.cpp | #include <unicode/ustring.h> | an ICU header no folder owns
content/bad.cpp | #include <sqlite3.h> | a sqlite header no folder owns
site/bad.cpp | #include <render/gemtext.hpp> | a project header included with <...>
text/bad.h | #include "render/gemtext.hpp" | a dependency against the flow in a .h file
EOF
# Through another header: content/ may include render/, net/ may include content/ but not render/.
mkdir -p "$tree/net"
echo '#include "render/gemtext.hpp"' > "$tree/content/model.hpp"
"$check" "$tree" >/dev/null || { echo "FAIL: a clean tree with an allowed chain was rejected"; exit 1; }
expect_violations <<'EOF'
net/bad.cpp | #include "content/model.hpp" | a folder reaching a forbidden one through a header
net/bad.hpp | #include "content/model.hpp" | a header reaching a forbidden folder through a header
site/bad.hpp | namespace smolpub::gemini { struct reply; } | a forward declaration of a higher folder's type
site/bad.hpp | namespace smolpub { namespace runtime { struct runtime_state; } } | a nested forward declaration
render/CMakeLists.txt | target_link_libraries(smolpub_render PUBLIC smolpub_site) | a CMake link against the flow
site/CMakeLists.txt | target_link_libraries(smolpub_site PRIVATE cmark::cmark) | cmark linked outside render/
content/CMakeLists.txt | target_link_libraries(smolpub_content PRIVATE SQLite::SQLite3) | a third-party target no folder owns
EOF
printf '## Who may include whom\n\n| folder | may include |\n|---|---|\n| `text` | render |\n' > "$tree/ARCHITECTURE.md"
if out=$("$check" "$tree"); then echo "FAIL: ARCHITECTURE.md's table differing from the check was not caught"; exit 1; fi
grep -q '^ARCHITECTURE.md:1: the table says text/ may include render' <<<"$out" || { echo "FAIL: the table drift reported as: $out"; exit 1; }
rm "$tree/ARCHITECTURE.md"
mkdir "$tree/newfolder" && touch "$tree/newfolder/x.cpp"
if "$check" "$tree" >/dev/null; then echo "FAIL: an unknown code folder was not reported"; exit 1; fi
echo "layout check: 19 cases passed"
