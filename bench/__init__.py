"""Benchmarks for Partnerkaart: ``make bench`` (``python -m bench``) prints figures, asserts nothing."""
