"""Write a synthetic archive of N events in the archive format, for benchmarks.

    python bench/generate_archive.py ROOT N [--seed S] [--skew]

Files look like the real archive's: ~2.5 KB, 1-3 sources, up to 5 related links with contexts
(pointing at other generated events, earlier and later), about half with a cover image and a
summary; ~17 events a day. Words follow news text's spread (Zipf's law over some 6,000 words:
a few in nearly every sentence, most rare), so a reader's search matches what it would in a
real archive rather than most of it.

`--skew` (make bench-scale): days of 5 to 60 events ending today, and related links' topics
and sources' outlets (3,000 domains) drawn by Zipf's law too, so a few topics and outlets have
tens of thousands of events in a million and most outlets a handful; without it the archive is
the one `bench-import` and `bench-web` have always measured.
"""

import argparse
import datetime
import itertools
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
# The words every sentence leans on, then the news words above, then names and rarer words.
COMMON_WORDS = ["the", "of", "in", "a", "to", "and", "for", "on", "after", "with", "by", "from"]
RARER_WORDS = 6000
SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]
OUTLETS = ["BBC", "Reuters", "AP via Winnipeg Free Press", "Al Jazeera", "The Guardian", "NPR"]
SKEWED_OUTLETS = 3000
TOPICS = [f"Topic {n}" for n in range(2000)] + ["Chongqing", "Wang Lijun", "United Nations"]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The words in order of how often news uses them, and their cumulative weights: the word
    ranked r turns up in proportion to 1/r (Zipf's law)."""
    rarer = set()
    while len(rarer) < RARER_WORDS:
        rarer.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    rarer = sorted(rarer - set(WORDS))
    rng.shuffle(rarer)
    words = COMMON_WORDS + WORDS + rarer
    weights, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank
        weights.append(total)
    return words, weights


def sentence(rng: random.Random, words: tuple[list[str], list[float]], length: int) -> str:
    choices, weights = words
    text = " ".join(rng.choices(choices, cum_weights=weights, k=length))
    return text[0].upper() + text[1:] + "."


def skewed_dates(n: int, rng: random.Random) -> list[datetime.date]:
    """`n` dates, 5 to 60 events a day, the last day today."""
    per_day = []
    while sum(per_day) < n:
        per_day.append(rng.randint(5, 60))
    today = datetime.date.today()
    dates = []
    for back, count in enumerate(reversed(per_day)):
        dates += [today - datetime.timedelta(days=back)] * count
    return sorted(dates[:n])


def skewed_source(rng: random.Random, weights: list[float], number: int, k: int) -> SourceItem:
    """A source of one of `SKEWED_OUTLETS` domains, by Zipf's law: its own domain and name."""
    (rank,) = rng.choices(range(SKEWED_OUTLETS), cum_weights=weights)
    name = OUTLETS[rank] if rank < len(OUTLETS) else f"Outlet {rank}"
    return SourceItem(name, f"https://outlet{rank}.test/{number}/{k}")


def make_events(n: int, rng: random.Random, skew: bool = False) -> list[ArchiveEvent]:
    events = []
    words = vocabulary(rng)
    dates = skewed_dates(n, rng) if skew else None
    topic_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(TOPICS) + 1)))
    outlet_weights = list(itertools.accumulate(1 / rank for rank in range(1, SKEWED_OUTLETS + 1)))
    for number in range(n):
        date = dates[number] if skew else START + datetime.timedelta(days=number // EVENTS_PER_DAY)
        headline = f"{sentence(rng, words, rng.randint(18, 34))[:-1]} (report {number})."
        sources = [
            skewed_source(rng, outlet_weights, number, k)
            if skew
            else SourceItem(rng.choice(OUTLETS), f"https://news.example.com/{number}/{k}")
            for k in range(rng.randint(1, 3))
        ]
        has_cover = rng.random() < 0.5
        events.append(
            ArchiveEvent(
                date=date,
                slug=archive_slug(headline),
                headline=headline,
                summary=sentence(rng, words, rng.randint(60, 110)) if rng.random() < 0.6 else "",
                sources=sources,
                cover_url=f"https://img.example.com/{number}.jpg" if has_cover else "",
                cover_position=len(sources) if has_cover else None,
            )
        )
    for event in events:
        for target in rng.sample(events, k=rng.randint(0, 5)):
            if target is not event:
                if skew:
                    picked = rng.choices(TOPICS, cum_weights=topic_weights, k=rng.randint(1, 2))
                    context = ", ".join(dict.fromkeys(picked))
                else:
                    context = ", ".join(rng.sample(TOPICS, k=rng.randint(1, 2)))
                event.related.append(RelatedItem(target.headline, target.path, context))
    return events


def write_archive(root: Path, n: int, seed: int = 1, skew: bool = False) -> None:
    rng = random.Random(seed)
    events = make_events(n, rng, skew)
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
    parser.add_argument("--skew", action="store_true", help="see the module's docstring")
    args = parser.parse_args()
    write_archive(args.root, args.n, args.seed, args.skew)
    print(f"wrote {args.n} events under {args.root}/news")


if __name__ == "__main__":
    main()
