#!/usr/bin/env bash
# Regenerates README's configuration reference from the binary's own schema:
#   docs/update-config-reference.sh build/cli/smolpub
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/cli/smolpub}
python3 - "$binary" <<'PY'
import re, subprocess, sys
ref = subprocess.run([sys.argv[1], "help", "config"], capture_output=True, text=True, check=True).stdout
text = open("README.md").read()
text = re.sub(r"<!-- config-reference:begin -->.*<!-- config-reference:end -->",
              lambda _: "<!-- config-reference:begin -->\n" + ref + "<!-- config-reference:end -->", text, flags=re.S)
open("README.md", "w").write(text)
PY
