"""Helpers for tests that must survive a crash or a hang: run Python code in
a child process with a deadline, and tell exactly what happened to it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from typing import Dict, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool

    @property
    def crashed(self) -> bool:
        """Killed by a signal (SIGSEGV, SIGABRT...) rather than exiting."""
        return self.returncode < 0 and not self.timed_out

    def describe(self) -> str:
        how = "timed out" if self.timed_out else (
            f"killed by {signal.Signals(-self.returncode).name}" if self.returncode < 0
            else f"exit {self.returncode}")
        return f"{how}\n--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}"


def run_python(code: str, timeout: float = 60.0, env: Optional[Dict[str, str]] = None,
               args: tuple = ()) -> Result:
    """Run ``code`` with this interpreter in a fresh process, importing the
    installed rasfast (the working directory is outside the source tree,
    whose rasfast/ is not compiled).  A hang is killed after ``timeout``
    seconds and reported as timed_out, never as a pass."""
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONFAULTHANDLER", "1")
    if env:
        full_env.update(env)
    try:
        p = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                           capture_output=True, text=True, timeout=timeout, env=full_env)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return Result(-9, out, err, True)
    return Result(p.returncode, p.stdout, p.stderr, False)
