#!/usr/bin/env bash
# The README's two commands for a fresh machine, verbatim, each in a fresh
# virtual environment: (1) install and run the main job, (2) install and run
# the tests.  The commands are read from README.md (its first two `sh`
# blocks), so the README and CI cannot drift apart.
set -euo pipefail
cd "$(dirname "$0")/../.."

mapfile -t commands < <(python3 - <<'PY'
import re
text = open("README.md", encoding="utf-8").read()
blocks = re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)
for block in blocks[:2]:
    assert "pip install" in block, block
    print(block.strip().replace("\n", "; "))
PY
)
[ "${#commands[@]}" -eq 2 ] || { echo "README: expected two install commands" >&2; exit 1; }

base="${RASFAST_CI_TMP:-$PWD/.cache}"
mkdir -p "$base"
for i in 0 1; do
    venv="$base/readme-venv-$i"
    rm -rf "$venv"
    python3 -m venv "$venv"
    (
        # shellcheck disable=SC1091
        . "$venv/bin/activate"
        export PIP_DISABLE_PIP_VERSION_CHECK=1 RASFAST_SIM_SESSION_FILE=""
        echo "+ ${commands[$i]}"
        bash -euo pipefail -c "${commands[$i]}"
    )
    rm -rf "$venv"
done
echo "README commands: OK"
