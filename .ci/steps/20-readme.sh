#!/usr/bin/env bash
# The README's two commands for a fresh machine, verbatim, each in a fresh
# virtual environment: (1) install and run the main job, (2) install and run
# the tests.  They run in the unpacked sdist (what `pip install rasfast`
# builds from where no wheel fits, and what packagers test from), so a file
# missing from the sdist fails here.  The commands are read from README.md
# (its first two `sh` blocks), so the README and CI cannot drift apart.
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
python -m pip install -q build 2>&1 | grep -v "is ignored" || true
rm -rf "$base/readme-sdist"
# From the tracked files: what a fresh clone (and a release) has.
clone="$base/readme-sdist/clone"
mkdir -p "$clone"
git ls-files -co --exclude-standard -z | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh | xargs -0 cp --parents -t "$clone/"
python -m build --sdist --outdir "$base/readme-sdist" "$clone" >"$base/readme-sdist/build.log" 2>&1 \
    || { tail -20 "$base/readme-sdist/build.log"; exit 1; }
sdist=$(ls "$base"/readme-sdist/*.tar.gz)
tar -C "$base/readme-sdist" -xzf "$sdist"
unpacked="$base/readme-sdist/$(basename "$sdist" .tar.gz)"
echo "README commands in the unpacked sdist $(basename "$sdist")"
for i in 0 1; do
    venv="$base/readme-venv-$i"
    rm -rf "$venv"
    python3 -m venv "$venv"
    (
        # shellcheck disable=SC1091
        . "$venv/bin/activate"
        export PIP_DISABLE_PIP_VERSION_CHECK=1 RASFAST_SIM_SESSION_FILE=""
        cd "$unpacked"
        echo "+ ${commands[$i]}"
        bash -euo pipefail -c "${commands[$i]}"
    )
    rm -rf "$venv"
done
rm -rf "$base/readme-sdist"
echo "README commands: OK (from the sdist)"
