"""Benchmarks for career-extract (issue 8). Run each script from the repository root; see bench/README.md."""
