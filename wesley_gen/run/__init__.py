"""The runtime: the only code that changes databases (scripts, contracts, history)."""
