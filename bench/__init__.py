"""Wijkkompas benchmarks: ``make bench`` (bin/run-bench) runs ``python -m bench.run``."""
