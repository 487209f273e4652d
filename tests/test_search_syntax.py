"""The search box's syntax: our parser, its FTS5 and tsquery translations, and the marking of
matches. Pure Python: any string parses, and SQLite's FTS5 accepts every translation."""

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.public.search.highlight import segments
from events.public.search.syntax import MAX_TERMS, Term, parse, to_fts5, to_tsquery

# Text with the characters the syntax gives a meaning to, and those FTS5 would choke on.
SEARCH_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" \"-*()^:.+ORANDNOTNEARornear'\\_\u00a0é")), st.characters()
    ),
    max_size=80,
)


@pytest.mark.parametrize(
    ("text", "fts5", "tsquery"),
    [
        ("Wang Lijun", '("wang") AND ("lijun")', "(('wang')) & (('lijun'))"),
        ('"Prime Minister"', '("prime minister")', "(('prime' <-> 'minister'))"),
        ("chongq*", '("chongq" *)', "(('chongq':*))"),
        ('"prime minist"*', '("prime minist" *)', "(('prime' <-> 'minist':*))"),
        ("wang -consulate", '(("wang")) NOT "consulate"', "(('wang')) & !('consulate')"),
        ("tuna OR salmon fish", '("tuna" OR "salmon") AND ("fish")', None),
        (
            "U.S. consulate",
            '("u s") AND ("consulate")',
            "(('u' <-> 's' | 'u.s.')) & (('consulate'))",
        ),
        ('"unbalanced quote', '("unbalanced quote")', None),
        ("AND NEAR( col:", '("and") AND ("near") AND ("col")', None),
        ("or wang or", '("wang")', "(('wang'))"),
    ],
)
def test_queries_translate_for_both_engines(text, fts5, tsquery):
    query = parse(text)
    assert to_fts5(query) == fts5
    if tsquery is not None:
        assert to_tsquery(query) == tsquery


@pytest.mark.parametrize("text", ["", "   ", "-", "*", '"', '""', "- * -", "...", "or"])
def test_text_without_words_looks_for_nothing(text):
    query = parse(text)
    assert query.matches_nothing and not query.has_terms


def test_only_excluded_words_match_nothing_rather_than_everything():
    query = parse('-wang -"abuse of power"')
    assert query.has_terms and query.matches_nothing
    assert query.excluded == (Term(("wang",)), Term(("abuse", "of", "power")))
    assert parse("-e-mail").excluded == (Term(("e", "mail"), joined="e-mail"),)


def test_or_and_excluded_terms_group_as_the_help_says():
    query = parse("a or b -c d or -e")
    assert query.groups == ((Term(("a",)), Term(("b",))), (Term(("d",)),))
    assert query.excluded == (Term(("c",)), Term(("e",)))
    assert query.wanted_terms == (Term(("a",)), Term(("b",)), Term(("d",)))


def test_long_queries_keep_their_first_terms():
    query = parse(" ".join(f"w{n}" for n in range(40)))
    assert len(query.groups) == MAX_TERMS


@given(SEARCH_TEXT)
def test_any_text_parses_and_fts5_accepts_its_translation(text):
    query = parse(text)
    with sqlite3.connect(":memory:") as database:
        database.execute(
            "CREATE VIRTUAL TABLE t USING fts5(headline, summary, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        database.execute("INSERT INTO t VALUES ('Wang Lijun', 'the U.S. consulate')")
        if not query.matches_nothing:
            database.execute("SELECT rowid FROM t WHERE t MATCH ?", [to_fts5(query)]).fetchall()
    for term in (*query.wanted_terms, *query.excluded):
        assert term.words and all(word.isalnum() for word in term.words)


def marks(text: str, query: str) -> list[str]:
    return [piece for piece, is_match in segments(text, parse(query).wanted_terms) if is_match]


def test_words_are_marked_ignoring_case_accents_and_word_forms():
    text = "Police arrested José Ramos; the arrest was filmed."
    assert marks(text, "ARREST jose") == ["arrested", "José", "arrest"]


def test_prefixes_mark_word_starts_and_phrases_only_together():
    text = "Chongqing's chief visits Chong; the prime minister and a minister meet."
    assert marks(text, "chongq*") == ["Chongqing"]
    assert marks(text, '"prime minister"') == ["prime minister"]
    assert marks(text, '"prime minist"*') == ["prime minister"]


def test_excluded_terms_are_not_marked():
    assert marks("Wang visits the consulate.", "wang -consulate") == ["Wang"]
    assert marks("Wang visits the consulate.", "-wang") == []


@given(st.text(max_size=120), SEARCH_TEXT)
def test_pieces_join_back_into_the_text(text, query):
    pieces = segments(text, parse(query).wanted_terms)
    assert "".join(piece for piece, _ in pieces) == text
    assert all(piece for piece, _ in pieces)
