"""What `make bench-day` prints: the readers' figures from the generator's own log, the
editors' (purges, save to visible), the background jobs and the origin's CPU."""

import math
from collections import Counter, defaultdict

from bench.day.loadgen import Sample
from bench.day.workload import MIX


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def failed(sample: Sample) -> bool:
    return sample.status == 0 or sample.status >= 500


def latency_row(name: str, samples: list[Sample]) -> str:
    ms = [sample.latency * 1000 for sample in samples]
    errors = sum(map(failed, samples))
    return (
        f"{name:12} {len(samples):8d} {percentile(ms, 0.5):8.1f} {percentile(ms, 0.99):8.1f} "
        f"{percentile(ms, 0.999):9.1f} {errors:7d}"
    )


def repeat_hits(measured: list[Sample], earlier: list[Sample]) -> tuple[int, int]:
    """(hits, repeats): among requests for an address already requested once (in the warm-up
    or earlier in the run, by intended time), those Varnish answered from its cache."""
    seen = {sample.path for sample in earlier}
    hits = repeats = 0
    for sample in sorted(measured, key=lambda s: s.intended):
        if sample.path in seen:
            repeats += 1
            hits += sample.cache == "HIT"
        seen.add(sample.path)
    return hits, repeats


def readers(measured: list[Sample], earlier: list[Sample], seconds: float) -> dict:
    """Prints the readers' figures; returns those the targets judge."""
    served = [s for s in measured if not failed(s)]
    statuses = Counter(s.status for s in measured)
    hits, repeats = repeat_hits(measured, earlier)
    print(
        f"requests/s offered {len(measured) / seconds:.0f}, served {len(served) / seconds:.0f} "
        f"({len(measured)} requests in {seconds:.0f} s); answers: "
        + ", ".join(f"{status or 'none'}: {n}" for status, n in sorted(statuses.items()))
    )
    ratio = hits / repeats if repeats else math.nan
    print(f"hit ratio among repeat requests (X-Cache): {ratio:.1%} ({hits} of {repeats})")
    print(
        f"{'readers':12} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} {'errors':>7}"
    )
    print(latency_row("all", measured))
    by_kind = defaultdict(list)
    for sample in measured:
        by_kind[sample.kind].append(sample)
    for kind in MIX:
        if by_kind.get(kind):
            print(latency_row(kind, by_kind[kind]))
    ms = [s.latency * 1000 for s in measured]
    return {
        "errors": sum(map(failed, measured)),
        "p99": percentile(ms, 0.99),
        "p999": percentile(ms, 0.999),
        "hit ratio": ratio,
    }


def overlaps(write: dict, busy: list[tuple[float, float]]) -> bool:
    return any(start <= write["saved"] and write["sent"] <= end for start, end in busy)


def editors(writes: list[dict], purges: list[tuple[float, int]], busy) -> dict:
    """Prints objects purged per edit by kind (the purges Varnish logged while the save was
    being answered, for saves answered while no import or link check ran: theirs would count)
    and the time from a save's response to the page changed for the bot."""
    print(
        f"\n{'edit':10} {'writes':>6} {'saved':>6} {'counted':>7} {'objects purged':>15} "
        f"{'visible p99 s':>14}"
    )
    by_kind = defaultdict(list)
    for write in writes:
        by_kind[write["kind"]].append(write)
    claimed = set()
    for kind, group in sorted(by_kind.items()):
        saved = [w for w in group if w["ok"]]
        objects = []
        for write in saved:
            if overlaps(write, busy):
                continue
            taken = [
                (index, n)
                for index, (moment, n) in enumerate(purges)
                if write["sent"] <= moment <= write["saved"]
            ]
            claimed |= {index for index, _ in taken}
            objects.append(sum(n for _, n in taken))
        visible = [w.get("visible") for w in saved if "visible" in w]
        seconds = [math.inf if v is None else v for v in visible]
        mean = sum(objects) / len(objects) if objects else math.nan
        print(
            f"{kind:10} {len(group):6d} {len(saved):6d} {len(objects):7d} {mean:15.1f} "
            f"{percentile(seconds, 0.99):14.3f}"
        )
    others = [n for index, (_, n) in enumerate(purges) if index not in claimed]
    print(f"purges outside any save (import, link check): {len(others)}, objects {sum(others)}")
    every = [w.get("visible") for w in writes if w["ok"] and "visible" in w]
    conflicts = [w for w in writes if w.get("conflict")]
    failures = [w for w in writes if not w["ok"] and not w.get("conflict")]
    print(f"writes refused for a conflict (another write first): {len(conflicts)}")
    for write in failures[:5]:
        print(f"  not saved: {write['kind']} {write['path']} (HTTP {write['status']}): ")
        print(f"    {write.get('error', '')}")
    visible_p99 = percentile([math.inf if v is None else v for v in every], 0.99)
    print(f"save to visible, p99 over all edits: {visible_p99:.3f} s")
    return {"visible p99": visible_p99, "writes failed": len(failures)}


def jobs(background) -> None:
    for job in background:
        mark = "ok" if job.ok else "FAILED"
        print(f"{job.name}: {job.seconds:.1f} s, {job.report}  {mark}")


def verdicts(figures: dict, p99_target: float) -> None:
    p99, ratio = figures["p99"], figures["hit ratio"]
    rows = [
        ("errors", f"{figures['errors']}", "0", figures["errors"] == 0),
        ("reader p99", f"{figures['p99']:.1f} ms", f"< {p99_target:.0f} ms", p99 < p99_target),
        ("reader p99.9", f"{figures['p999']:.1f} ms", "< 500 ms", figures["p999"] < 500),
        ("hit ratio of repeats", f"{ratio:.1%}", ">= 95%", ratio >= 0.95),
        (
            "save to visible p99",
            f"{figures['visible p99']:.3f} s",
            "< 1 s",
            figures["visible p99"] < 1,
        ),
    ]
    print()
    for name, measured, target, met in rows:
        print(f"{name:24} {measured:>12}  (target {target}): {'MET' if met else 'NOT MET'}")
