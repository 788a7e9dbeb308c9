#!/usr/bin/env bash
# tools/long_functions must report a function over 80 lines (a free one, a member defined in
# its class, one whose braces hide in strings and comments) and a file over 700 lines, and
# pass a file that has neither.
set -euo pipefail
tool=$(cd "$(dirname "$0")/../.." && pwd)/tools/long_functions
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
body() { for ((i = 0; i < $1; ++i)); do echo "    x += $i;"; done; }
{ echo 'int short_one(int x)'; echo '{'; body 70; echo '    return x;'; echo '}'; } > "$tree/ok.cpp"
"$tool" "$tree/ok.cpp" >/dev/null || { echo "FAIL: a 74-line function was reported"; exit 1; }
expect() {
    if out=$("$tool" "$2"); then echo "FAIL: $1 was not caught"; exit 1; fi
    grep -q "$3" <<<"$out" || { echo "FAIL: $1 reported as: $out"; exit 1; }
}
{ echo 'namespace n {'; echo 'int long_one(int x) {'; body 85; echo '    return x; }'; echo '}'; } > "$tree/free.cpp"
expect "a long free function" "$tree/free.cpp" "free.cpp:2: long_one is 87 lines"
{ echo 'struct s {'; echo '    template <class T> void member(T x)'; echo '    {'; echo '        const char* s = "}}";  // }'
  body 85; echo '    }'; echo '};'; } > "$tree/member.hpp"
expect "a long member with braces in strings" "$tree/member.hpp" "member.hpp:2: member is 89 lines"
{ echo 'int f(int x) {'; echo '    auto g = [&] {'; body 40; echo '    };'; echo '    if (x) {'; body 40; echo '    }'
  echo '    return x; }'; } > "$tree/nested.cpp"
expect "a long function made of a lambda and a block" "$tree/nested.cpp" "nested.cpp:1: f is 86 lines"
body 701 > "$tree/big.cpp"
expect "a file over 700 lines" "$tree/big.cpp" "big.cpp:1: 701 lines"
echo "long_functions: 5 cases passed"
