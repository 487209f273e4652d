"""A source's archived copy: its title and text, and the text the archive keeps it as.

The archive writes a snapshot as `<slug>.source-N.txt` (docs/archive-format.md): the title
line, a blank line, the text. A capture's digest is taken over that same text, so an exported
snapshot and a captured one compare byte for byte.
"""

from dataclasses import dataclass


@dataclass
class Snapshot:
    """The archived text of a source: `<slug>.source-N.txt`, title line, blank line, text."""

    title: str
    text: str


def render_snapshot(snapshot: Snapshot) -> str:
    return f"{snapshot.title}\n\n{snapshot.text}"
