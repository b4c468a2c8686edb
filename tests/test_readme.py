"""Every example in README.md runs as written, on the simulator.

Python blocks run in a fresh interpreter each, with the simulator's time
scale turned down first (the examples themselves stay natural); ``sh``
blocks of ``rasfast`` commands run in bash with ``set -e``.  The two
install commands at the top are run verbatim by .ci/steps/20-readme.sh."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)

PRELUDE = "import rasfast\nrasfast.sim.set_time_scale({scale})\n"


def blocks(lang):
    return [m.group(2) for m in FENCE.finditer(README.read_text(encoding="utf-8"))
            if m.group(1) == lang]


def _id(block: str) -> str:
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith(("import", "from", "#")):
            return line[:40]
    return block[:40]


PY_BLOCKS = blocks("python")
SH_BLOCKS = [b for b in blocks("sh") if "pip install" not in b]
INSTALL = [b for b in blocks("sh") if "pip install" in b]


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e["RASFAST_SIM_TIME_SCALE"] = "0.02"
    e["RASFAST_SIM_SESSION_FILE"] = str(tmp_path / "sim-session.json")
    e["RASFAST_BACKEND"] = "sim"
    e["PYTHONIOENCODING"] = "utf-8"
    e.pop("NO_COLOR", None)
    return e


def test_readme_has_the_tour():
    assert len(PY_BLOCKS) >= 8 and SH_BLOCKS
    text = README.read_text(encoding="utf-8")
    for heading in ("A dial in five lines", "Polling", "asyncio", "on_event",
                    "Many dials at once", "Paused states", "The simulator",
                    "The command line", "Windows notes", "Performance"):
        assert re.search(rf"^##+ .*{re.escape(heading)}", text, re.M), heading


def test_readme_leads_with_the_two_commands_ci_runs():
    assert INSTALL[:2] == ['pip install . && rasfast dial "Demo VPN"\n',
                           "pip install '.[test]' && pytest -q tests\n"]
    first_two = [m.start() for m in FENCE.finditer(README.read_text(encoding="utf-8"))][:2]
    assert all(pos < README.read_text(encoding="utf-8").index("## A tour") for pos in first_two)


def test_ci_runs_the_readme_commands():
    # .ci/run runs every step; step 20-readme takes both commands from here
    # and runs them verbatim.  (The sdist carries the tests but not the CI files.)
    if not (ROOT / ".ci").is_dir():
        pytest.skip(".ci/ is not here (tests run from an sdist, not a checkout)")
    assert ".ci/steps/*.sh" in (ROOT / ".ci" / "run").read_text()
    step = (ROOT / ".ci" / "steps" / "20-readme.sh").read_text()
    assert "README.md" in step and 'bash -euo pipefail -c "${commands[$i]}"' in step


def test_five_lines():
    body = [line for line in PY_BLOCKS[0].splitlines() if line.strip()]
    assert len(body) <= 6 and body[0] == "import rasfast"   # the import, then five


@pytest.mark.parametrize("code", PY_BLOCKS, ids=[_id(b) for b in PY_BLOCKS])
def test_python_example_runs(code, env, tmp_path):
    script = tmp_path / "example.py"
    script.write_text(PRELUDE.format(scale=0.02) + code, encoding="utf-8")
    r = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                       text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr == "", r.stderr
    # what the comments promise
    if "Demo VPN" in code and "CONNECTED" in code and "gather" not in code:
        assert "CONNECTED" in r.stdout or "connected" in r.stdout
    if "gather" in code:
        assert "('Demo VPN', 'CONNECTED', 0)" in r.stdout
        assert "('Demo No Answer', 'CONNECT_DEVICE', 678)" in r.stdout
    if "Branch" in code:
        assert r.stdout.startswith("200 connected; 0 events dropped")
    if "Demo Password Expired" in code:
        assert r.stdout.strip().splitlines()[-1] == "CONNECTED"
    if "Demo Bad Password" in code and "except RasError" in code:
        assert "failed: 691" in r.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("code", SH_BLOCKS, ids=[_id(b) for b in SH_BLOCKS])
def test_shell_example_runs(code, env):
    # `rasfast` as installed, or this interpreter's module when not on PATH
    prelude = f'rasfast() {{ "{sys.executable}" -m rasfast "$@"; }}\nset -e\n'
    r = subprocess.run(["bash", "-c", prelude + code], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    if "Flaky VPN" in code:
        assert f"exit status {691 if os.name == 'nt' else 179}" in r.stdout


def test_sample_transcript_matches_a_real_run(env):
    """The ```text transcript shows what the CLI prints (timings aside)."""
    sample = blocks("text")[0].splitlines()
    command = sample[0]
    assert command == """$ rasfast dial "Demo Bad Password" alice '*'"""
    # '*' needs a terminal (tests/test_cli.py drives one); the same dial
    # with the password from a pipe prints the same timeline.
    r = subprocess.run([sys.executable, "-m", "rasfast", "dial", "Demo Bad Password", "alice",
                        "--password-stdin"], input="pw\n", env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == (691 if os.name == "nt" else 179)
    real = r.stdout.splitlines()
    shown = sample[2:]
    assert len(real) == len(shown)
    assert real[:2] == shown[:2]                  # the "Dialling" line and the header
    timing = re.compile(r"^\s*\d+\.\d{3}s\s+\+\d+\.\d{3}")
    for want, got in zip(shown[2:], real[2:]):
        if want.endswith("..."):                  # the long error text is cut in the README
            want = want[:-3]
        if timing.match(want):
            assert timing.match(got)
            want, got = timing.sub("", want), timing.sub("", got)
        assert got.startswith(want), (want, got)
