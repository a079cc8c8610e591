"""The search part of the queue query: German full-text search plus trigram similarity (migration 0008).

A case matches when its `search` tsvector matches the words (German stemming, websearch syntax: "quoted phrases",
-exclusions, or), when the text is similar to a word sequence of its name or reference (`<%`, pg_trgm's word
similarity, threshold NAME_SIMILARITY_THRESHOLD: a misspelt name still finds it), or when an advisor's note matches
the words. Each branch has its own index (the notes' ids come from an InitPlan array, so `id = ANY(...)` can use
the primary key), so PostgreSQL combines them in a BitmapOr instead of scanning the table.
"""
from __future__ import annotations

from collections.abc import Callable

MAX_SEARCH_LENGTH = 200
# pg_trgm's default word-similarity threshold (0.6) let a name like "Feldberg Optik KG" match every "... Optik KG":
# at 1,000,000 cases a misspelt name then ranked thousands of rows (1.1 s); 0.75 still finds one or two wrong or
# missing letters and takes 130 ms (bench/queue.py, docs in the advisory README).
NAME_SIMILARITY_THRESHOLD = 0.75
SET_THRESHOLD = f"SET LOCAL pg_trgm.word_similarity_threshold = {NAME_SIMILARITY_THRESHOLD}"


def search_condition(text: str, arg: Callable[[object], str]) -> str:
    """The WHERE fragment for `text`; `arg` binds a value and returns its placeholder."""
    words, lowered = arg(text), arg(text.lower())
    return (f"(search @@ websearch_to_tsquery('german', {words})"
            f" OR {lowered} <% search_name"
            f" OR id = ANY (ARRAY(SELECT case_id FROM case_timeline WHERE kind = 'note'"
            f" AND to_tsvector('german', coalesce(data ->> 'text', '')) @@ websearch_to_tsquery('german', {words}))))")


def search_rank(text: str, arg: Callable[[object], str]) -> str:
    """The ORDER BY key (descending): text rank (weights A-D) plus name/reference similarity."""
    words, lowered = arg(text), arg(text.lower())
    return (f"(ts_rank_cd(search, websearch_to_tsquery('german', {words}))"
            f" + word_similarity({lowered}, search_name)) DESC")
