"""Which parts of a text the search's terms matched, for the template to mark.

`segments(text, terms)` cuts the text into (piece, is_match) pairs; the template writes each
piece (escaped, like any text) and wraps matches in <mark>. No HTML is made here.

Words match as the engines match them, near enough: ignoring case and accents, and stemmed
(a word matches when its Porter stem, SQLite's, or its Snowball English stem, PostgreSQL's,
is the term's): "arrested" marks "arrest". A prefix term marks words starting so; a phrase
marks its words only where they stand together. Excluded terms are never given here.
"""

from events.http_cache.terms import folded, stems

from .syntax import WORD, Term


def segments(text: str, terms: tuple[Term, ...]) -> list[tuple[str, bool]]:
    """`text` as (piece, is_match) pairs, in order; the pieces join back into `text`."""
    text = str(text)
    if not terms or not text:
        return [(text, False)] if text else []
    words = [(match.start(), match.end(), match.group()) for match in WORD.finditer(text)]
    # Each word's stems looked up once for every term: a page marks some forty texts.
    word_stems = [stems(word) for _, _, word in words]
    spans = sorted(span for term in terms for span in _term_spans(words, word_stems, term))
    pieces, position = [], 0
    for start, end in _merged(spans):
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def _term_spans(words: list[tuple[int, int, str]], word_stems: list[frozenset], term: Term):
    """(start, end) of each place the term's words stand together in `words`."""
    # Which words match each of the term's words, worked out once per text; a run of words
    # is compared only where its first word matches.
    last = len(term.words) - 1
    hits = [
        _hits(words, word_stems, wanted, term.prefix and index == last)
        for index, wanted in enumerate(term.words)
    ]
    following = list(enumerate(hits))[1:]
    for first, hit in enumerate(hits[0][: max(len(words) - last, 0)]):
        if hit and all(column[first + index] for index, column in following):
            yield words[first][0], words[first + last][1]


def _hits(words, word_stems: list[frozenset], wanted: str, prefix: bool) -> list[bool]:
    """For each of `words`, whether it matches `wanted`: starts so (`prefix`), or shares a
    stem with it."""
    if prefix:
        start = folded(wanted)
        return [folded(word).startswith(start) for _, _, word in words]
    targets = stems(wanted)
    return [not targets.isdisjoint(found) for found in word_stems]


def _merged(spans: list[tuple[int, int]]):
    """Overlapping or touching spans as one (sorted input)."""
    current = None
    for start, end in spans:
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current
