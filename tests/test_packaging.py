"""Release tooling stays correct: the cibuildwheel configuration in
pyproject.toml and .github/workflows/wheels.yml (which cannot run here) are
parsed and checked for the facts users depend on: abi3 wheels for
win_amd64, win32, win_arm64, manylinux and macOS, each tested with the
README's test command."""
from __future__ import annotations

import re
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
WORKFLOW = ROOT / ".github" / "workflows" / "wheels.yml"
README = ROOT / "README.md"

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: pytest itself depends on tomli there
    tomllib = pytest.importorskip("tomli", reason="needs tomllib (3.11+) or tomli")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is not here (not a source checkout)")
    return path


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with need(PYPROJECT).open("rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def cibw(pyproject) -> dict:
    return pyproject["tool"]["cibuildwheel"]


@pytest.fixture(scope="module")
def workflow() -> dict:
    yaml = pytest.importorskip("yaml", reason="pyyaml is in the test extra")
    data = yaml.safe_load(need(WORKFLOW).read_text(encoding="utf-8"))
    assert isinstance(data, dict), "wheels.yml is not a YAML mapping"
    # YAML 1.1 reads a bare `on` key as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def readme_test_command() -> str:
    text = need(README).read_text(encoding="utf-8")
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M):
        for line in block.splitlines():
            if "pytest" in line:
                return line.split("&&")[-1].strip()
    pytest.fail("README.md has no sh block with the test command")


def as_list(value) -> list:
    return value.split() if isinstance(value, str) else list(value)


# ---------------------------------------------------------------------------
# pyproject.toml: [tool.cibuildwheel]
# ---------------------------------------------------------------------------

def test_one_abi3_wheel_per_platform_from_cpython_39(pyproject, cibw):
    builds = as_list(cibw["build"])
    assert builds and all(re.fullmatch(r"cp3\d+-\*", b) for b in builds), builds
    # cp39 builds the wheel; any later selector only tests it (cibuildwheel
    # reuses a compatible abi3 wheel instead of building again).
    assert builds[0] == "cp39-*"
    assert pyproject["project"]["requires-python"] == ">=3.9"
    # setup.py tags the wheel cp39-abi3 wherever the stable ABI exists.
    setup_py = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert re.search(r"""["']py_limited_api["']\s*:\s*["']cp39["']""", setup_py)
    assert "Py_GIL_DISABLED" in setup_py   # free-threaded builds have no abi3


def test_no_pypy_free_threaded_or_musllinux_builds(cibw):
    builds = as_list(cibw["build"])
    assert not any(b.startswith("pp") or re.match(r"cp\d+t-", b) for b in builds)
    assert "cpython-freethreading" not in as_list(cibw.get("enable", []))
    assert "pypy" not in as_list(cibw.get("enable", []))
    assert "*-musllinux_*" in as_list(cibw["skip"])


def test_wheels_are_tested_with_the_readme_command(pyproject, cibw):
    command = readme_test_command()
    assert command == "pytest -q tests"
    assert cibw["test-command"] == command
    # '.[test]' in the README is the test extra cibuildwheel installs.
    assert as_list(cibw["test-extras"]) == ["test"]
    extra = pyproject["project"]["optional-dependencies"]["test"]
    assert any(req.startswith("pytest") for req in extra)
    # The command runs in a temporary directory holding copies of these, so
    # the installed wheel is what the tests import.
    sources = as_list(cibw["test-sources"])
    assert "tests" in sources and "pyproject.toml" in sources
    assert "rasfast" not in sources
    assert "test-skip" not in cibw


def test_ci_and_cibuildwheel_run_what_the_checkout_has(cibw):
    # CI files are in a checkout, not in the sdist (which carries the tests).
    assert need(ROOT / ".ci" / "run").read_text().count(readme_test_command()) >= 1
    for path in as_list(cibw["test-sources"]):
        assert (ROOT / path).exists(), f"test-sources names a missing {path}"


def test_wheel_tests_drive_the_simulator(cibw):
    # On a Windows runner the default backend is the real rasapi32.
    assert cibw["test-environment"]["RASFAST_BACKEND"] == "sim"


def test_release_wheels_leave_out_the_test_only_module(cibw):
    assert cibw["environment"]["RASFAST_BUILD_TESTING"] == "0"


def test_linux_and_macos_wheels_are_audited_for_abi3(cibw):
    for platform in ("linux", "macos"):
        command = cibw[platform]["repair-wheel-command"]
        repair = " && ".join(command if isinstance(command, list) else [command])
        assert "abi3audit --strict" in repair, platform
        assert "{dest_dir}" in repair and "{wheel}" in repair, platform


@pytest.mark.skipif(sys.implementation.name != "cpython"
                    or bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
                    reason="abi3 exists only for CPython with the GIL")
@pytest.mark.skipif(sys.platform == "win32", reason="Windows .pyd names carry no abi3 tag")
def test_the_installed_extension_is_abi3():
    from rasfast import _native

    assert Path(_native.__file__).name.endswith(".abi3.so"), _native.__file__


# ---------------------------------------------------------------------------
# .github/workflows/wheels.yml
# ---------------------------------------------------------------------------

def cibw_jobs(workflow):
    jobs = []
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("pypa/cibuildwheel@"):
                jobs.append((name, job, step))
    return jobs


def test_workflow_triggers_and_permissions(workflow):
    on = workflow["on"]
    assert {"push", "pull_request", "workflow_dispatch"} <= set(on)
    assert "v*" in on["push"]["tags"]
    assert workflow["permissions"] == {"contents": "read"}


def test_workflow_uses_cibuildwheel_3(workflow):
    jobs = cibw_jobs(workflow)
    assert len(jobs) == 1
    _, _, step = jobs[0]
    version = step["uses"].split("@", 1)[1]
    # test-sources (used in pyproject.toml) needs cibuildwheel 3.
    m = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)", version)
    assert m and int(m.group(1)) >= 3, version


RUNNER_ARCHS = {   # runner label prefix -> CIBW_ARCHS values valid there, natively
    "windows-11-arm": {"ARM64"},
    "windows-": {"AMD64", "x86"},
    "ubuntu-24.04-arm": {"aarch64"},
    "ubuntu-": {"x86_64", "i686"},
    "macos-": {"arm64", "x86_64"},   # x86_64 runs under Rosetta 2 on Apple Silicon
}


def test_matrix_builds_every_platform_natively(workflow):
    (_, job, step), = cibw_jobs(workflow)
    entries = job["strategy"]["matrix"]["include"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert step["env"]["CIBW_ARCHS"] == "${{ matrix.archs }}"
    built = set()
    for entry in entries:
        os_label, archs = entry["os"], as_list(entry["archs"])
        valid = next(v for prefix, v in RUNNER_ARCHS.items() if os_label.startswith(prefix))
        assert set(archs) <= valid, (os_label, archs)   # native, so the tests run
        family = os_label.split("-")[0]
        built |= {(family, a) for a in archs}
    for wanted in [("windows", "AMD64"), ("windows", "x86"), ("windows", "ARM64"),
                   ("ubuntu", "x86_64"), ("ubuntu", "aarch64"),
                   ("macos", "arm64"), ("macos", "x86_64")]:
        assert wanted in built, f"no wheel for {wanted}"
    assert job["strategy"].get("fail-fast") is False


def test_wheels_and_sdist_are_uploaded(workflow):
    uploads = [s for job in workflow["jobs"].values() for s in job.get("steps", [])
               if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    paths = {s["with"]["path"] for s in uploads}
    assert "wheelhouse/*.whl" in paths and "dist/*.tar.gz" in paths
    assert all(s["with"].get("if-no-files-found") == "error" for s in uploads)
    sdist_runs = " ".join(s.get("run", "") for s in workflow["jobs"]["sdist"]["steps"])
    assert "build --sdist" in sdist_runs
