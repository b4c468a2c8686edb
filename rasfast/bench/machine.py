"""What the figures were measured on: CPU, cores, OS, Python, rasfast and cffi versions."""
from __future__ import annotations

import contextlib
import os
import platform
import sys
from typing import Any

import cffi  # type: ignore[import-untyped,unused-ignore]

from .. import __version__

__all__ = ["machine_info"]


def _cpu_name() -> str:
    with contextlib.suppress(OSError), \
            open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    if sys.platform == "darwin":
        with contextlib.suppress(Exception):
            import subprocess
            return subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                  capture_output=True, text=True, check=True).stdout.strip()
    return platform.processor() or platform.machine() or "unknown CPU"


def machine_info() -> dict[str, Any]:
    """The machine and versions, as the table's first line and the JSON's
    "machine" show them; raises nothing (an unknown CPU is "unknown CPU")."""
    return {
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "rasfast": __version__,
        "cffi": cffi.__version__,
        "switch_interval_s": sys.getswitchinterval(),
    }
