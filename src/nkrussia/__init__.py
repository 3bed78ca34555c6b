"""nkrussia: a reproducible report on North Korea–Russia military cooperation."""

__version__ = "0.1.0"
