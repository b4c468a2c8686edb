"""The report command: one table naming the machine, JSON next to it."""
from __future__ import annotations

import json
import subprocess
import sys

from rasfast import bench as rb


def test_report_writes_table_and_json(tmp_path, capsys):
    out = tmp_path / "bench.json"
    rc = rb.main(["--quick", "--only", "scale", "--json", str(out), "--no-plot", "-q"])
    assert rc == 0
    table = capsys.readouterr().out
    machine = rb.machine_info()
    assert machine["python"] in table and str(machine["cores"]) in table
    assert "10,000 x rasfast.dial()" in table
    assert "10,000 x rasfast.dial() from 16 threads" in table
    doc = json.loads(out.read_text())
    assert doc["machine"]["cores"] == machine["cores"]
    assert [(r["dials"], r["threads"]) for r in doc["results"]["scale"]] == [
        (1_000, 1), (10_000, 1), (10_000, 16)]
    nothing_lost = [t for t in doc["targets"] if "nothing lost" in t["target"]]
    assert len(nothing_lost) == 2 and all(t["met"] for t in nothing_lost)


def test_module_entry_point_rejects_bad_arguments(tmp_path):
    # cwd outside the source tree, so the installed package is the one run
    r = subprocess.run([sys.executable, "-m", "rasfast.bench", "--only", "nonsense"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2
    assert "invalid choice" in r.stderr
