""" "Did you mean earthquake?": a close, common word of the index for a word of the search that
is rare or absent from it ("earthqauke").

The index's words are its stems, kept as data (events.models.search_words), so the typed word
is stemmed as the database stems (Porter on SQLite, Snowball English on PostgreSQL), its
count looked up, and, when it is rare, the stems of the same first letter and a close length
read (one range of the table's key) and compared with Damerau-Levenshtein (rapidfuzz): the
nearest, most common one wins. The word shown is the typed word with its stem replaced
("earthqauk|e" -> "earthquak|e"), when that word stems back to the stem found; else the stem.
The search page offers the corrected search only if it finds public events.
"""

import re
from dataclasses import dataclass

import snowballstemmer
from django.db import connections
from django.db.models.functions import Length
from rapidfuzz.distance import DamerauLevenshtein

from events.models import SearchWord

from .highlight import folded
from .syntax import ParsedQuery

# A word in fewer events than this is "rare": worth a look for a commoner one.
RARE = 3
# The suggested word must be in this many times as many events as the typed one, and at
# least `RARE`: a suggestion for a word that is merely uncommon would be noise.
COMMONER = 5
# How many stems of a letter and length range are compared at most (the commonest first).
MOST_CANDIDATES = 5000
MOST_WORDS_CHECKED = 6

STEMMERS = {"sqlite": "porter", "postgresql": "english"}


@dataclass(frozen=True)
class Suggestion:
    """The search's text with its rare words replaced (`text`), and the replacements."""

    text: str
    words: tuple[str, ...]


def stemmer_for(vendor: str):
    return snowballstemmer.stemmer(STEMMERS.get(vendor, "porter"))


def suggest(text: str, query: ParsedQuery, using: str = "default") -> Suggestion | None:
    """A better spelling of `text` (the search box's text, as `query` parsed it), or None."""
    stemmer = stemmer_for(connections[using].vendor)
    typed = []
    for term in query.wanted_terms:
        if not term.prefix:
            typed += [word for word in term.words if word.isalpha() and len(word) > 3]
    typed = list(dict.fromkeys(typed))[:MOST_WORDS_CHECKED]
    if not typed:
        return None
    stems = {word: stemmer.stemWord(folded(word)) for word in typed}
    counts = dict(
        SearchWord.objects.using(using)
        .filter(term__in=set(stems.values()))
        .values_list("term", "doc")
    )
    replacements = {}
    for word, stem in stems.items():
        count = counts.get(stem, 0)
        if count >= RARE:
            continue
        better = closest_common_stem(stem, count, using)
        if better:
            replacements[word] = shown_word(word, stem, better, stemmer)
    if not replacements:
        return None
    return Suggestion(replaced(text, replacements), tuple(replacements.values()))


def closest_common_stem(stem: str, count: int, using: str) -> str | None:
    allowed = 1 if len(stem) <= 5 else 2
    low, high = stem[0], chr(ord(stem[0]) + 1)
    candidates = (
        SearchWord.objects.using(using)
        .filter(term__gte=low, term__lt=high, doc__gte=max(RARE, count * COMMONER))
        .annotate(length=Length("term"))
        .filter(length__gte=len(stem) - allowed, length__lte=len(stem) + allowed)
        .order_by("-doc")
        .values_list("term", "doc")[:MOST_CANDIDATES]
    )
    best, best_key = None, None
    for term, documents in candidates:
        distance = DamerauLevenshtein.distance(stem, term, score_cutoff=allowed)
        if distance <= allowed and term != stem:
            key = (distance, -documents)
            if best_key is None or key < best_key:
                best, best_key = term, key
    return best


def shown_word(word: str, stem: str, better: str, stemmer) -> str:
    """The typed word with its stem replaced, if that stems back to `better`; else `better`."""
    lowered = word.lower()
    if lowered.startswith(stem):
        candidate = better + lowered[len(stem) :]
        if stemmer.stemWord(candidate) == better:
            return candidate
    return better


def replaced(text: str, replacements: dict[str, str]) -> str:
    for word, better in replacements.items():
        text = re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", better, text, flags=re.I)
    return text
