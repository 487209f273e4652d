"""Which parts of a text the search's terms matched, for the template to mark.

`segments(text, terms)` cuts the text into (piece, is_match) pairs; the template writes each
piece (escaped, like any text) and wraps matches in <mark>. No HTML is made here.

Words match as the engines match them, near enough: ignoring case and accents, and stemmed
(a word matches when its Porter stem, SQLite's, or its Snowball English stem, PostgreSQL's,
is the term's): "arrested" marks "arrest". A prefix term marks words starting so; a phrase
marks its words only where they stand together. Excluded terms are never given here.
"""

import unicodedata
from functools import lru_cache

import snowballstemmer

from .syntax import WORD, Term

_STEMMERS = (snowballstemmer.stemmer("porter"), snowballstemmer.stemmer("english"))


def folded(word: str) -> str:
    """Lower case without accents: how both engines compare words (unicode61
    remove_diacritics, PostgreSQL's english configuration lower-cases)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def stems(word: str) -> frozenset[str]:
    word = folded(word)
    return frozenset({word, *(stemmer.stemWord(word) for stemmer in _STEMMERS)})


def word_matches(word: str, wanted: str, prefix: bool) -> bool:
    if prefix:
        return folded(word).startswith(folded(wanted))
    return not stems(word).isdisjoint(stems(wanted))


def segments(text: str, terms: tuple[Term, ...]) -> list[tuple[str, bool]]:
    """`text` as (piece, is_match) pairs, in order; the pieces join back into `text`."""
    text = str(text)
    if not terms or not text:
        return [(text, False)] if text else []
    words = [(match.start(), match.end(), match.group()) for match in WORD.finditer(text)]
    spans = sorted(span for term in terms for span in _term_spans(words, term))
    pieces, position = [], 0
    for start, end in _merged(spans):
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def _term_spans(words: list[tuple[int, int, str]], term: Term):
    """(start, end) of each place the term's words stand together in `words`."""
    size = len(term.words)
    for first in range(len(words) - size + 1):
        run = words[first : first + size]
        if all(
            word_matches(word, wanted, term.prefix and index == size - 1)
            for index, ((_, _, word), wanted) in enumerate(zip(run, term.words, strict=True))
        ):
            yield run[0][0], run[-1][1]


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
