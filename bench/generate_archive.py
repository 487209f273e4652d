"""Write a synthetic archive of N events in the archive format, for benchmarks.

    python bench/generate_archive.py ROOT N [--seed S]

Files look like the real archive's: ~2.5 KB, 1-3 sources, up to 5 related links with contexts
(pointing at other generated events, earlier and later), about half with a cover image and a
summary; ~17 events a day.
"""

import argparse
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.archive.document import ArchiveEvent, RelatedItem, SourceItem  # noqa: E402
from events.archive.renderer import render_event, render_index  # noqa: E402
from events.slugs import archive_slug  # noqa: E402

EVENTS_PER_DAY = 17
START = datetime.date(1990, 1, 1)
WORDS = [
    "government",
    "minister",
    "announces",
    "election",
    "protest",
    "court",
    "ruling",
    "storm",
    "flood",
    "earthquake",
    "president",
    "parliament",
    "vote",
    "border",
    "talks",
    "agreement",
    "strike",
    "market",
    "bank",
    "inflation",
    "police",
    "investigation",
    "hospital",
    "outbreak",
    "vaccine",
    "summit",
    "treaty",
    "military",
    "attack",
    "ceasefire",
    "rescue",
    "wildfire",
    "drought",
    "festival",
    "championship",
    "record",
    "launch",
    "satellite",
    "mission",
    "discovery",
]
OUTLETS = ["BBC", "Reuters", "AP via Winnipeg Free Press", "Al Jazeera", "The Guardian", "NPR"]
TOPICS = [f"Topic {n}" for n in range(2000)] + ["Chongqing", "Wang Lijun", "United Nations"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_events(n: int, rng: random.Random) -> list[ArchiveEvent]:
    events = []
    for number in range(n):
        date = START + datetime.timedelta(days=number // EVENTS_PER_DAY)
        headline = f"{sentence(rng, rng.randint(18, 34))[:-1]} (report {number})."
        sources = [
            SourceItem(rng.choice(OUTLETS), f"https://news.example.com/{number}/{k}")
            for k in range(rng.randint(1, 3))
        ]
        has_cover = rng.random() < 0.5
        events.append(
            ArchiveEvent(
                date=date,
                slug=archive_slug(headline),
                headline=headline,
                summary=sentence(rng, rng.randint(60, 110)) if rng.random() < 0.6 else "",
                sources=sources,
                cover_url=f"https://img.example.com/{number}.jpg" if has_cover else "",
                cover_position=len(sources) if has_cover else None,
            )
        )
    for event in events:
        for target in rng.sample(events, k=rng.randint(0, 5)):
            if target is not event:
                context = ", ".join(rng.sample(TOPICS, k=rng.randint(1, 2)))
                event.related.append(RelatedItem(target.headline, target.path, context))
    return events


def write_archive(root: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    events = make_events(n, rng)
    by_day: dict[datetime.date, list[ArchiveEvent]] = {}
    for event in events:
        by_day.setdefault(event.date, []).append(event)
    for date, day_events in by_day.items():
        folder = root / "news" / f"{date.year:04d}" / f"{date.month:02d}" / str(date.day)
        folder.mkdir(parents=True, exist_ok=True)
        for event in day_events:
            (folder / f"{event.slug}.md").write_text(render_event(event), encoding="utf-8")
        (folder / "index.md").write_text(render_index(date, day_events), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_archive(args.root, args.n, args.seed)
    print(f"wrote {args.n} events under {args.root}/news")


if __name__ == "__main__":
    main()
