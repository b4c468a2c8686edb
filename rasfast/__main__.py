"""``python -m rasfast``: the command line (see rasfast.cli)."""
from .cli import main

raise SystemExit(main())
