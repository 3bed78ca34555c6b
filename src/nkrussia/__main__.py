"""Entry point for ``python -m nkrussia``."""

from nkrussia.cli import main

raise SystemExit(main())
