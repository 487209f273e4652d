"""Helpers of `make bench-web`: settings with a trivial view, page picking, load, profiling."""
