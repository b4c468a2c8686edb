"""``rasfast bench``: hand the arguments to rasfast.bench's main(), when it is installed."""
from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence

from .output import PROG, to_stderr

__all__ = ["BENCH_MODULE", "cmd_bench"]

#: the benchmark report's module (a module or a package: only its main(argv) is used)
BENCH_MODULE = "rasfast.bench"


def cmd_bench(argv: Sequence[str]) -> int:
    """Run rasfast.bench's main(argv) and return its exit status (None counts as 0); 1, said
    on stderr, when this installation has no rasfast.bench or it cannot be loaded.

    Raises what the benchmark report raises.
    """
    if importlib.util.find_spec(BENCH_MODULE) is None:
        to_stderr(f"{PROG} bench: this installation has no {BENCH_MODULE} module")
        return 1
    try:
        bench = importlib.import_module(BENCH_MODULE)
    except ImportError as exc:
        to_stderr(f"{PROG} bench: cannot load {BENCH_MODULE}: {exc} "
                  f"(the benchmarks need: pip install 'rasfast[test]')")
        return 1
    result = bench.main(list(argv))
    return int(result or 0)
