"""`make bench-day`: a replayed day of readers, editors and background writes."""
