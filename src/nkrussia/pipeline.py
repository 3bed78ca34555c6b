"""Kept for the callers of the old name: the run machinery lives in :mod:`nkrussia.run`."""

from nkrussia.run.stages import STAGES, make_plan, manifest_by_hand, run, status

__all__ = ["STAGES", "make_plan", "manifest_by_hand", "run", "status"]
