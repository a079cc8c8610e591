"""The search part of the queue query: German full-text search plus trigram similarity (migrations 0008, 0013).

The search document lives in `case_search` (one row per case, kept by a trigger when the case's text changes).
A case matches when its `search` tsvector matches the words (German stemming, websearch syntax: "quoted phrases",
-exclusions, or), when the text is similar to a word sequence of its name or reference (`<%`, pg_trgm's word
similarity, threshold NAME_SIMILARITY_THRESHOLD: a misspelt name still finds it), or when an advisor's note matches
the words. Each branch has its own index (the notes' ids come from an InitPlan array, so `id = ANY(...)` can use
the primary key), so PostgreSQL combines them in a BitmapOr instead of scanning the table.

The queue ranks only a capped candidate set (`candidates`): each branch, with the queue's filters, stops after
CANDIDATES rows straight from its index, and only the union of those is ranked. A common word (in 6 % of
1,000,000 cases) no longer ranks 60,000 rows (p95 1,252 ms -> docs/performance.md); a case whose *name* holds the
word still comes first, because the name branch (trigram) brings it into the set whatever the text branch chose.
"""
from __future__ import annotations

from collections.abc import Callable

MAX_SEARCH_LENGTH = 200
CANDIDATES = 300  # per branch; the queue shows 50 per page, an export at most a few thousand rows
# pg_trgm's default word-similarity threshold (0.6) let a name like "Feldberg Optik KG" match every "... Optik KG":
# at 1,000,000 cases a misspelt name then ranked thousands of rows (1.1 s); 0.75 still finds one or two wrong or
# missing letters and takes 130 ms (bench/queue.py, docs in the advisory README).
NAME_SIMILARITY_THRESHOLD = 0.75
# The queue's search looks up one key word of a name (name_key) in the index, more leniently (a misspelt key word
# alone scores lower: "bergishe" in "bergische leichtbau" 0.67), and keeps the rows whose whole name is similar to
# the whole text at NAME_SIMILARITY_THRESHOLD.
KEY_SIMILARITY_THRESHOLD = 0.6
SET_THRESHOLD = f"SET LOCAL pg_trgm.word_similarity_threshold = {KEY_SIMILARITY_THRESHOLD}"


SEARCH_JOIN = "JOIN case_search ON case_search.case_id = cases.id"


def search_rank(text: str, arg: Callable[[object], str]) -> str:
    """The ORDER BY key (descending): text rank (weights A-D) plus name/reference similarity (of the query's rows
    joined with their `case_search` row: SEARCH_JOIN)."""
    words, lowered = arg(text), arg(text.lower())
    return (f"(ts_rank_cd(search, websearch_to_tsquery('german', {words}))"
            f" + word_similarity({lowered}, search_name)) DESC")


LEGAL_FORMS = frozenset({"gmbh", "ag", "kg", "co", "&", "e.k.", "ek", "ug", "mbh", "ohg", "gbr", "se", "e.v."})


def name_key(text: str) -> str:
    """The word of a name the trigram index looks up: the first of four letters or more that is not a legal form.
    A company's own word usually comes first ("Bergische Leichtbau GmbH"); the trade word after it is shared by
    thousands ("... Antriebstechnik e.K."), and looking up every trigram of the whole name cost 120 ms at
    1,000,000 cases against 17 ms for the first word alone. Text without such a word is looked up whole."""
    lowered = text.lower()
    words = [w for w in lowered.split() if len(w) >= 4 and w not in LEGAL_FORMS]
    return words[0] if len(words) > 1 else lowered


def candidates(text: str, filters: str, arg: Callable[[object], str]) -> str:
    """A SELECT of the ids of at most 3 x CANDIDATES matching cases (each branch capped, with `filters` applied
    in the branch so a filtered search still fills its cap from matching rows)."""
    words, lowered = arg(text), arg(text.lower())
    base = f"SELECT id FROM cases JOIN case_search ON case_id = id WHERE {filters} AND"
    key = name_key(text)
    # The index looks up the key word alone; the whole text must still be similar (checked on the rows found).
    key_arg = lowered if key == text.lower() else arg(key)
    name = f"{key_arg} <% search_name AND word_similarity({lowered}, search_name) >= {NAME_SIMILARITY_THRESHOLD}"
    return (f"({base} search @@ websearch_to_tsquery('german', {words}) LIMIT {CANDIDATES})"
            f" UNION ({base} {name} LIMIT {CANDIDATES})"
            f" UNION ({base} id = ANY (ARRAY(SELECT case_id FROM case_timeline WHERE kind = 'note'"
            f" AND to_tsvector('german', coalesce(data ->> 'text', '')) @@ websearch_to_tsquery('german', {words})))"
            f" LIMIT {CANDIDATES})")
