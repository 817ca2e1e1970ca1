"""Benchmarks of zapisy's hot paths, run in-process against moto (`make bench`)."""
