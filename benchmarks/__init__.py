"""Benchmarks of the built site against its speed and size targets: `python -m benchmarks`."""
