"""The query layer on questions of every kind (tests/data/qa_queries.yaml)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge import KnowledgeBase
from knowledge.answers import answer
from knowledge.grammar import GRAMMAR
from knowledge.query import Op
from knowledge.reading import MAX_CHOICES, read

ROWS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "qa_queries.yaml").read_text(encoding="utf-8")
)
# What the query of a row of each kind may be (its `intent` starts with one of these).
OPERATIONS = {
    "count": ("count:", "list:", "task_force_list", "indicator_list"),
    "most": ("most:", "least:", "compare:"),
    "set": ("intersection:", "difference:"),
    "verify": ("verify:",),
    "scope": ("out_of_scope",),
}
TASK_FORCE_LIST_MARK = "共设23个指标专班："


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["q"])
def test_query_row(kb: KnowledgeBase, row: dict[str, Any]) -> None:
    reply = answer(kb, row["q"])
    missing = [text for text in row["must"] if text not in reply.text]
    present = [text for text in row["must_not"] if text in reply.text]
    assert not missing and not present, (
        f"missing {missing}, must not contain {present}; intent {reply.intent}:\n{reply.text}"
    )
    expected = OPERATIONS.get(row["kind"])
    if expected and not row.get("not"):
        assert reply.intent.startswith(expected), reply.intent


def test_the_table_is_large_and_has_rows_that_must_not_match() -> None:
    assert len(ROWS) >= 300
    kinds = Counter(row["kind"] for row in ROWS)
    negatives = Counter(row["kind"] for row in ROWS if row.get("not"))
    assert set(negatives) == set(kinds), set(kinds) - set(negatives)


def test_questions_are_not_repeated() -> None:
    counts = Counter(row["q"] for row in ROWS)
    assert [q for q, n in counts.items() if n > 1] == []


def test_out_of_scope_never_falls_back_to_the_whole_list(kb: KnowledgeBase) -> None:
    for row in ROWS:
        if row["kind"] == "scope":
            assert TASK_FORCE_LIST_MARK not in answer(kb, row["q"]).text, row["q"]


def test_every_grammar_entry_is_used_by_some_row(kb: KnowledgeBase) -> None:
    """An entry no row reaches is dead, or its rows are missing."""
    from knowledge.query import shape_of

    used = set()
    for row in ROWS:
        shape = shape_of(kb, row["q"])
        for entry in GRAMMAR:
            match = entry.pattern.search(shape.text)
            if match is not None and entry.build(kb, shape, match) is not None:
                used.add(entry.name)
                break
    assert used == {entry.name for entry in GRAMMAR}


def test_choices_are_at_most_three(kb: KnowledgeBase) -> None:
    for word in ("满意度", "担保", "报装", "诚信", "数据共享"):
        query = read(kb, word)
        if query.op is Op.CHOOSE:
            assert 2 <= len(query.choices) <= MAX_CHOICES


def test_an_english_question_shows_english_names_beside_chinese(kb: KnowledgeBase) -> None:
    reply = answer(kb, "Which task forces does the Market Supervision Bureau lead?")
    assert "市场监管局（Market Supervision Bureau）" in reply.text
    assert "开办企业指标专班（Starting a Business）" in reply.text


def test_every_unit_has_an_english_name_that_finds_it(kb: KnowledgeBase) -> None:
    units = [unit for unit in kb.units if unit.kind == "unit"]
    assert len(units) == 36
    for unit in units:
        assert unit.english, unit.name
        assert kb.resolve_unit(unit.english).item == unit, unit.english
