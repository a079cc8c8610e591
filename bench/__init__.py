"""Benchmarks: the whole pipeline against the machine's own limits (`make bench`, `make bench-queue`).

Not part of `make test`; `tests/e2e/test_bench_smoke.py` runs the harness at a tiny size so it cannot rot.
See docs/performance.md for what the numbers mean and what they showed.
"""
