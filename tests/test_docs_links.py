"""Every relative link in README.md and docs/*.md leads to a file that exists, and every
`#anchor` to a heading of that file, as GitHub renders them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~)")
CODE_SPAN = re.compile(r"`+[^`]*`+")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
EXTERNAL = ("http://", "https://", "mailto:")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of the file's lines outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def anchor_of(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {anchor_of(m.group(1)) for _, line in prose_lines(path) if (m := HEADING.match(line))}


def broken_links(path: Path) -> list[str]:
    """`file:line: target` for each relative link of `path` that leads nowhere."""
    broken = []
    for number, line in prose_lines(path):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if target.startswith(EXTERNAL) or target.startswith("/"):  # not a file here
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                broken.append(f"{path.name}:{number}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{path.name}:{number}: {target} (no such heading)")
    return broken


def test_every_relative_link_in_the_readme_and_docs_resolves():
    broken = [problem for path in documents() for problem in broken_links(path)]
    assert broken == []


def test_a_link_to_a_missing_file_or_heading_is_reported(tmp_path):
    (tmp_path / "other.md").write_text("# A heading (with `code`)\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[fine](other.md#a-heading-with-code) [gone](missing.md) [bad](other.md#nowhere)\n"
        "```\n[in code](ignored.md)\n```\n`[quoted](ignored.md)` [web](https://example.org/x)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "page.md:1: missing.md (no such file)",
        "page.md:1: other.md#nowhere (no such heading)",
    ]


def test_a_broken_link_is_reported_at_its_own_line(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```\ncode\n```\n\n[gone](missing.md)\n", encoding="utf-8")
    assert broken_links(page) == ["page.md:5: missing.md (no such file)"]
