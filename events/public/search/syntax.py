"""The search box's syntax, read by our own parser the same way for every database.

    words              every word must match (in the headline or the summary)
    "a phrase"         the words next to each other, in this order
    prefix*            any word starting so (`chongq*` finds "Chongqing")
    -word, -"phrase"   leave out events that match it
    this or that       either term (between two terms; binds tighter than "every word")

Anything else is a word: `U.S.` is the phrase "u s", `AND`, `NEAR(` and `col:` are words, a
lone `-` or `*` and an unbalanced quote are read as well as they can be. Nothing a reader types
is an error. The parsed query is then written in each engine's own language: an FTS5 MATCH
expression (SQLite) or a `to_tsquery` expression (PostgreSQL), every word quoted, so no input
can reach either engine's operators.
"""

import itertools
import math
import re
from dataclasses import dataclass

# A word: letters and digits, as SQLite's unicode61 tokenizer and PostgreSQL's parser split
# text (an underscore, an apostrophe or a dot separates words).
WORD = re.compile(r"[^\W_]+")
# A word joined by dots, hyphens or slashes (U.S., e-mail, 9/11): PostgreSQL's parser keeps it
# whole as well as in parts, so its tsquery also looks for it as typed.
JOINED_WORD = re.compile(r"[^\W_]+(?:[./-][^\W_]+)+\.?")
MAX_TERMS = 12  # a search box, not a query language: longer queries keep their first terms
OR = "or"


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of words; `prefix`: its last word is the start of a word."""

    words: tuple[str, ...]
    prefix: bool = False
    joined: str = ""  # the words as typed, when JOINED_WORD (only letters, digits, . / -)


@dataclass(frozen=True)
class ParsedQuery:
    """Every group must match (one of its terms), and none of `excluded`."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def has_terms(self) -> bool:
        return bool(self.groups or self.excluded)

    @property
    def matches_nothing(self) -> bool:
        """Nothing to look for: no term, or only terms to leave out (a search for what is
        not there would list the whole archive)."""
        return not self.groups

    @property
    def wanted_terms(self) -> tuple[Term, ...]:
        """The terms a match holds (what to highlight): not the excluded ones."""
        return tuple(term for group in self.groups for term in group)


@dataclass(frozen=True)
class _Token:
    term: Term | None  # None: the `or` operator
    excluded: bool = False


def parse(text: str) -> ParsedQuery:
    """The query in `text`; any string parses."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joins_previous = False
    for token in _tokens(text):
        if token.term is None:
            joins_previous = bool(groups)
            continue
        if len(excluded) + sum(map(len, groups)) >= MAX_TERMS:
            break
        if token.excluded:
            excluded.append(token.term)
        elif joins_previous:
            groups[-1].append(token.term)
        else:
            groups.append([token.term])
        joins_previous = False
    return ParsedQuery(tuple(tuple(group) for group in groups), tuple(excluded))


def _tokens(text: str):
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        excluded = text[position] == "-"
        while position < length and text[position] == "-":
            position += 1
        if position < length and text[position] == '"':
            end = text.find('"', position + 1)
            end = length if end == -1 else end
            chunk = text[position + 1 : end]
            position = end + 1
            prefix = position < length and text[position] == "*"
            position += prefix
            quoted = True
        else:
            end = position
            while end < length and not text[end].isspace() and text[end] != '"':
                end += 1
            chunk, position = text[position:end], end
            prefix, quoted = chunk.endswith("*"), False
        if not quoted and not excluded and chunk.lower() == OR:
            yield _Token(None)
            continue
        words = tuple(word.lower() for word in WORD.findall(chunk))
        joined = "" if quoted or prefix or not JOINED_WORD.fullmatch(chunk) else chunk.lower()
        if words:
            yield _Token(Term(words, prefix, joined), excluded)


def to_fts5(query: "ParsedQuery | MostOf") -> str:
    """The query as an FTS5 MATCH expression. FTS5 has no unary NOT: `(wanted) NOT term`."""
    if isinstance(query, MostOf):
        return " OR ".join(f"({to_fts5(alternative)})" for alternative in query.alternatives)
    expression = " AND ".join(_fts5_group(group) for group in query.groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {_fts5_term(term)}"
    return expression


def _fts5_group(group: tuple[Term, ...]) -> str:
    return "(" + " OR ".join(_fts5_term(term) for term in group) + ")"


def _fts5_term(term: Term) -> str:
    # Words hold only letters and digits: inside double quotes nothing is an operator.
    phrase = '"' + " ".join(term.words) + '"'
    return f"{phrase} *" if term.prefix else phrase


def has_phrase(query: "ParsedQuery | MostOf") -> bool:
    """Whether an event must hold some of the query's words next to each other."""
    return any(len(term.words) > 1 for term in query.wanted_terms)


def to_tsquery(query: "ParsedQuery | MostOf") -> str:
    """The query as PostgreSQL `to_tsquery` text: `&`, `|`, `!`, `<->` and `:*`."""
    if isinstance(query, MostOf):
        return " | ".join(f"({to_tsquery(alternative)})" for alternative in query.alternatives)
    parts = [
        "(" + " | ".join(_tsquery_term(term) for term in group) + ")" for group in query.groups
    ]
    parts += ["!" + _tsquery_term(term) for term in query.excluded]
    return " & ".join(parts)


def _tsquery_term(term: Term) -> str:
    # Each word single-quoted (it holds no quote): to_tsquery stems it and drops stop words.
    lexemes = [f"'{word}'" for word in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    phrase = " <-> ".join(lexemes)
    if term.joined:
        return f"({phrase} | '{term.joined}')"
    return f"({phrase})"


# The most alternatives a relaxed query is written as (each a subset of the query's terms):
# enough for every way to leave one or two of eight words out; more would cost the engine
# more than the answer is worth.
MAX_ALTERNATIVES = 40


@dataclass(frozen=True)
class MostOf:
    """Events that match `needed` of `query`'s groups, whichever they are, and none of its
    excluded terms: what a search offers when no event has every word."""

    query: ParsedQuery
    needed: int

    @property
    def groups(self) -> tuple[tuple[Term, ...], ...]:
        return self.query.groups

    @property
    def excluded(self) -> tuple[Term, ...]:
        return self.query.excluded

    has_terms = True
    matches_nothing = False

    @property
    def wanted_terms(self) -> tuple[Term, ...]:
        return self.query.wanted_terms

    @property
    def alternatives(self) -> tuple[ParsedQuery, ...]:
        return tuple(
            ParsedQuery(groups, self.query.excluded)
            for groups in itertools.combinations(self.query.groups, self.needed)
        )


def relaxations(query: ParsedQuery):
    """Ever looser readings of `query` (all its groups but one, but two, ... down to half of
    them, rounded up), each within `MAX_ALTERNATIVES`; none for a query of a single group."""
    total = len(query.groups)
    for needed in range(total - 1, (total + 1) // 2 - 1, -1):
        if needed >= 1 and math.comb(total, needed) <= MAX_ALTERNATIVES:
            yield MostOf(query, needed)
