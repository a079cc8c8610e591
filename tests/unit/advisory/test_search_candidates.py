"""The queue's search ranks a capped candidate set; the trigram index looks up a name's key word (issue 16)."""
from __future__ import annotations

from services.advisory.adapters.case_search import CANDIDATES, name_key
from services.advisory.adapters.queue import QueueQuery, list_sql


def test_the_key_word_is_the_first_distinctive_word_of_a_name() -> None:
    assert name_key("Bergishe Leichtbau GmbH") == "bergishe"
    assert name_key("GmbH & Co. KG Dorsolgis Antriebstechnik") == "dorsolgis"
    assert name_key("Wärmebehandlungen") == "wärmebehandlungen"     # one word: looked up whole
    assert name_key("DN-2026-0004D2") == "dn-2026-0004d2"
    assert name_key("ab cd") == "ab cd"                              # no word of four letters: whole text


def test_a_search_ranks_only_capped_branches_with_the_filters_inside_each() -> None:
    sql, args = list_sql(QueueQuery(status="open", search="Bergishe Leichtbau", limit=50), me=None)
    assert sql.count(f"LIMIT {CANDIDATES}") == 3 and sql.count("status = $1") == 3
    assert "count(*) OVER ()" in sql and "word_similarity($3, search_name) >= 0.75" in sql
    assert args[:4] == ["open", "Bergishe Leichtbau", "bergishe leichtbau", "bergishe"]
