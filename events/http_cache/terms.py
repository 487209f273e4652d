"""Search pages' keys by the words they look for, so that a text edit purges only the searches
it can change.

A search (the page, or the read API's list with `q`) carries a key per form of each word it
looks for (`w<form>`), and per start of each prefix it looks for (`p<one or two letters>`). An
edit of an event's headline or summary purges the keys of every word of its old and new text.
An event matches a search only through words it holds, as both engines compare them: folded
(lower case, no accents) and stemmed, by Porter (SQLite's FTS5) or Snowball English
(PostgreSQL's). So every search whose results, order or marks the edit can change holds a key
the edit purges, and a search for words the event never held keeps its copy. Excluded words
(`-word`) need no key: a search holds at least one wanted term, which any event it lists (or
listed) holds too.

The forms are a word as typed and its two stems: whichever form an engine compares, a word and
the event's word it matched share it. Prefixes take one or two letters of every form: an
engine's prefix matches indexed forms starting so.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# A word: letters and digits, as SQLite's unicode61 tokenizer and PostgreSQL's parser split
# text, and as the search's syntax reads a query (events.public.search.syntax).
WORD = re.compile(r"[^\W_]+")
_STEMMERS = (snowballstemmer.stemmer("porter"), snowballstemmer.stemmer("english"))
PREFIX_LETTERS = 2


def folded(word: str) -> str:
    """Lower case without accents: how both engines compare words (unicode61
    remove_diacritics, PostgreSQL's english configuration lower-cases)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def stems(word: str) -> frozenset[str]:
    """The word folded, and its Porter and Snowball English stems."""
    word = folded(word)
    return frozenset({word, *(stemmer.stemWord(word) for stemmer in _STEMMERS)})


def word_key(form: str) -> str:
    return f"w{form}"


def prefix_key(start: str) -> str:
    return f"p{start}"


def for_text(*texts: str) -> set[str]:
    """What an edit of these texts (an event's headline and summary, before and after)
    purges: every form of every word, and their starts."""
    found = set()
    for word in {word for text in texts for word in WORD.findall(text or "")}:
        for form in stems(word):
            found.add(word_key(form))
            found |= {prefix_key(form[:size]) for size in range(1, PREFIX_LETTERS + 1)}
    return found


def for_search(terms: Iterable, *, first_letters: bool = False) -> list[str]:
    """A search's keys, from its wanted terms (`syntax.Term`: words, and whether the last
    is a prefix): every word of every term, so a term matching through any of its words
    (PostgreSQL drops stop words from a phrase) is purged by an edit of it; with
    `first_letters`, the first letter of each of their forms too."""
    found = set()
    for term in terms:
        if first_letters:
            found |= {prefix_key(form[:1]) for word in term.words for form in stems(word) if form}
        *whole, last = term.words
        for word in whole if term.prefix else term.words:
            found |= {word_key(form) for form in stems(word)}
        if term.prefix:
            found |= {prefix_key(form[:PREFIX_LETTERS]) for form in stems(last) if form}
    return sorted(found)


def for_edit(old: tuple[str, ...], new: tuple[str, ...]) -> set[str]:
    """An event's texts (headline, summary) before and after an edit of them: the searches it
    may change. When each text keeps its number of words (a typo fixed, a word replaced), only
    the searches for the words whose count changed: an engine ranks the event, and every other
    event, for any other word as before (same lengths, same frequencies). Otherwise every word
    of both: the event's rank for each of them moves."""
    if old == new:
        return set()
    counts = [(_counted(before), _counted(after)) for before, after in zip(old, new, strict=True)]
    if any(sum(before.values()) != sum(after.values()) for before, after in counts):
        return for_text(*old, *new)
    changed = {
        word for before, after in counts for word in before | after if before[word] != after[word]
    }
    return for_text(" ".join(changed))


def _counted(text: str) -> Counter:
    return Counter(folded(word) for word in WORD.findall(text or ""))
