"""Benchmarks and quality reports (run as ``python -m bench.<name>``), and the one place that
knows where the shared corpus lives (:mod:`bench.corpus`), used by tests and benchmarks alike."""
