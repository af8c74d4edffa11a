"""Benchmarks of the built site against the targets of issue 5: `python -m benchmarks`."""
