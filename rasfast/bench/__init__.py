"""rasfast's benchmark report: ``python -m rasfast bench [--quick]``.

Four questions, each answered against its contenders in the same run:

1. hold:  how long the RAS thread is held inside the notifier (measured by
          the simulated RAS thread around each call), rasfast's native shim
          against Python notifiers called through cffi (``@ffi.def_extern``
          and an ABI-mode ``ffi.callback``) and ctypes ``CFUNCTYPE``; with an
          idle interpreter, a busy Python thread, and a thread holding the
          GIL inside long C calls.
2. drain: events per second from the native producer into RasEvent objects,
          by batch size and by iteration, against a Python callback feeding
          ``queue.SimpleQueue``.
3. wake:  shim timestamp to Python code running after ``wait()``, in
          ``events()`` and in ``async for``; idle and with a busy thread;
          and ``async for`` over 1,000 buffers at once on one loop, through
          the loop's hub reader (selector) and its hub thread (no add_reader).
4. scale: 1,000 and 10,000 concurrent dials through one buffer.
5. handoff: what the dial thread (every RasDialW of rasfast runs on it) adds
          to a RasDialW call, against the same call made directly; idle and
          with a busy thread.

The pytest-benchmark suite in ``bench/`` drives the same functions.  The
Python-notifier contenders need a C compiler (a small cffi API-mode module is
built at run time); without one, those rows are skipped and say why.

The modules, one job each: ``contenders`` (the notifiers compared), ``load``
(the background load threads), ``hold``, ``drain``, ``wake``, ``scale``,
``handoff`` (one question each, with ``producer`` and ``simulator`` as their native event
sources), ``report`` (settings, running the questions into rows),
``targets``, ``figures`` (how numbers are written), ``machine``, ``table``,
``output`` (JSON and plot) and ``command`` (the argument parser).  The
test-only native functions come from ``_testlib``.  This package re-exports
the names the benchmark suite and ``rasfast bench`` use.
"""
from __future__ import annotations

from .command import main
from .contenders import Contenders, Notifier, load_contenders
from .drain import DRAIN_METHODS, run_drain, run_live_drain, run_queue_contender
from .handoff import run_handoff
from .hold import HOLD_SPIN, run_hold
from .load import LOADS, Load
from .machine import machine_info
from .output import write_json, write_plot
from .report import FULL, QUESTIONS, QUICK, Report, Row, Settings, run_report
from .scale import run_scale
from .table import format_table
from .wake import ASYNC_PATHS, WAKE_MODES, async_path_unavailable, run_async_many, run_wake

__all__ = [
    "DRAIN_METHODS", "FULL", "HOLD_SPIN", "LOADS", "QUESTIONS", "QUICK", "WAKE_MODES",
    "Contenders", "Load", "Notifier", "Report", "Row", "Settings",
    "format_table", "load_contenders", "machine_info", "main", "run_drain", "run_handoff",
    "run_hold",
    "run_live_drain", "run_queue_contender", "run_report", "run_scale", "run_wake",
    "ASYNC_PATHS", "async_path_unavailable", "run_async_many",
    "write_json", "write_plot",
]
