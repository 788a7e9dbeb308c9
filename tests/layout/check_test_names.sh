#!/usr/bin/env bash
# doctest_discover_tests hands ctest a CMake list of test names, and CMake splits lists at
# ';': a test named "a; b" becomes two ctest entries that match no case and pass without
# running anything. So no test name may hold a semicolon. Usage: check_test_names.sh [ROOT]
set -euo pipefail
root=${1:-$(dirname "$0")/../..}
if grep -rnE 'TEST_CASE\("[^"]*;' "$root/tests" --include='*.cpp'; then
    echo "test names above hold ';', which ctest would split: use ',' instead"
    exit 1
fi
echo "test names: none holds a ';'"
