"""nkrussia tests."""
