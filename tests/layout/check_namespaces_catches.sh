#!/usr/bin/env bash
# The namespace check must fail on a tree where a folder declares another folder's namespace,
# and pass on one that keeps the rule: a checker that always says yes would let it decay.
set -euo pipefail
check=$(cd "$(dirname "$0")" && pwd)/check_namespaces.sh
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/net" "$tree/site" "$tree/tests/net" "$tree/tests/e2e" "$tree/fuzz"
printf 'namespace smolpub::net {\n}\n' > "$tree/net/ok.hpp"
printf 'namespace smolpub::net::proxy {\n}\n' > "$tree/net/proxy.hpp"
printf 'namespace smolpub::net {\n}\n' > "$tree/tests/net/ok_tests.cpp"
printf 'namespace smolpub::e2e {\n}\n' > "$tree/tests/e2e/ok_tests.cpp"
printf 'namespace smolpub::fuzz {\n}\n' > "$tree/fuzz/ok.cpp"
printf 'namespace smolpub::runtime { struct runtime_state; }  // only named here\n' > "$tree/net/forward.hpp"
"$check" "$tree" >/dev/null || { echo "FAIL: a clean tree was rejected: $("$check" "$tree")"; exit 1; }

source "$(dirname "$0")/expect_violation.sh"
expect_violation site/bad.hpp 'namespace smolpub::content {' "another folder's namespace"
expect_violation net/bad.cpp 'namespace smolpub::server {' "a namespace named for no folder"
expect_violation net/bad.cpp 'namespace smolpub::tls::detail {' "another folder's nested namespace"
expect_violation tests/net/bad_tests.cpp 'namespace smolpub::site {' "a test in another folder's namespace"
expect_violation fuzz/bad.cpp 'namespace smolpub::render {' "a fuzz target in a folder's namespace"
expect_violation net/bad.hpp 'namespace smolpub::runtime { struct runtime_state; int x; }' "more than a forward declaration"
echo "namespace check: 7 cases passed"
