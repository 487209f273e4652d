"""The commands' targets at a size: the first import, the unchanged re-import, the export and
the dump, each against its time and peak memory, and the first import against the import a
tenth its size (time per event and peak memory within RATIO of it)."""

IMPORT_SECONDS = {"sqlite": 600.0, "postgresql": 900.0}
REIMPORT_SECONDS = 180.0
EXPORT_SECONDS, EXPORT_MB = 600.0, 300.0
IMPORT_MB = 1024.0
RATIO = 1.5
STEPS = ("first import", "unchanged re-import", "export", "dump")


def verdict(db: str, step: str, size: int, results: dict[int, dict]) -> str:
    """ "ok", or each target `step` missed at `size` (results: every size's figures)."""
    found = results[size]["commands"].get(step)
    if not found:
        return ""
    seconds, peak = found["seconds"], found.get("peak_mb") or 0.0
    if step == "first import":
        misses = _first_import(db, size, found, results)
    elif step == "unchanged re-import":
        misses = [f"over {REIMPORT_SECONDS:.0f} s"] if seconds > REIMPORT_SECONDS else []
    else:
        misses = [f"over {EXPORT_SECONDS:.0f} s"] if seconds > EXPORT_SECONDS else []
        misses += [f"over {EXPORT_MB:.0f} MB"] if peak > EXPORT_MB else []
    return "; ".join(misses) or "ok"


def _first_import(db: str, size: int, found: dict, results: dict[int, dict]) -> list[str]:
    limit = IMPORT_SECONDS[db]
    misses = [f"over {limit:.0f} s"] if found["seconds"] > limit else []
    if (found.get("peak_mb") or 0.0) > IMPORT_MB:
        misses.append(f"over {IMPORT_MB:.0f} MB")
    smaller = results.get(size // 10, {}).get("commands", {}).get("first import")
    if smaller:
        per_event, smaller_per_event = found["seconds"] / size, smaller["seconds"] / (size // 10)
        if per_event > RATIO * smaller_per_event:
            misses.append(f"time per event {per_event / smaller_per_event:.2f}x {size // 10}'s")
        if found["peak_mb"] > RATIO * smaller["peak_mb"]:
            misses.append(f"peak {found['peak_mb'] / smaller['peak_mb']:.2f}x {size // 10}'s")
    # The database's own time for the import's statements: over the limit, no change above
    # the database meets it.
    if found["seconds"] > limit and found.get("database_seconds", 0.0) >= limit:
        misses.append(f"database floor over {limit:.0f} s")
    return misses
