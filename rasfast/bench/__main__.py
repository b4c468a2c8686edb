"""``python -m rasfast.bench``: the report command, as ``rasfast bench`` runs it."""
from __future__ import annotations

import sys

from .command import main

if __name__ == "__main__":
    sys.exit(main())
