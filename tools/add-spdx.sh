#!/usr/bin/env bash
# Adds a one-line SPDX licence header to every tracked C++ source and header that lacks one.
# Not run on the tree yet (run it once after the parallel branches are merged):
#   tools/add-spdx.sh          # edits in place; review with git diff
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
header='// SPDX-License-Identifier: ISC'
git ls-files -z -- '*.cpp' '*.hpp' '*.h' '*.cc' | while IFS= read -r -d '' f; do
    grep -q 'SPDX-License-Identifier' "$f" && continue
    { printf '%s\n' "$header"; cat "$f"; } > "$f.spdx-tmp"
    mv "$f.spdx-tmp" "$f"
done
