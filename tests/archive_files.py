"""Archive files for tests: the seed event as the real archive has it, and a folder builder."""

import datetime
from pathlib import Path

from django.conf import settings

DEMO_ARCHIVE = Path(settings.DEMO_ARCHIVE_DIR)
SEED_DIR = DEMO_ARCHIVE / "news" / "2012" / "02" / "8"
SEED_SLUG = (
    "wang-lijun-former-police-chief-of-the-central-chinese-city-of-chongqing-unexpectedly-"
    "leaves-his-position-and-goes-to-the-chongqing-u-s-co"
)
SEED_DATE = datetime.date(2012, 2, 8)
SEED_BYTES = (SEED_DIR / f"{SEED_SLUG}.md").read_bytes()
SEED_SNAPSHOT_BYTES = (SEED_DIR / f"{SEED_SLUG}.source-1.txt").read_bytes()


def event_text(
    date="2012-02-8",
    folder="/news/2012/02/8",
    headline="Something happens.",
    summary="",
    sources=("1. [BBC](http://www.bbc.co.uk/news/1)",),
    related=(),
) -> str:
    """An event file in canonical form, with any part swapped for a variant."""
    text = f"### [{date}]({folder}/index.md)\n\n# {headline} \n\n{summary}\n"
    sections = []
    if sources:
        sections.append("### Source:\n\n" + "\n".join(sources) + "\n")
    if related:
        sections.append("### Related:\n\n" + "\n".join(related) + "\n")
    return text + "\n\n" + "\n".join(sections) if sections else text


def write_archive(root: Path, files: dict[str, bytes | str]) -> Path:
    """Write `{"news/2012/02/8/x.md": content}` under root; returns root."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return root
