"""Q&A answers: the shared acceptance cases and our own table of questions."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge import KnowledgeBase
from knowledge.answers import Answer, Intent, answer
from knowledge.normalize import normalize
from tests.shared import QA_VISIBLE

TABLE: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "qa_table.yaml").read_text(encoding="utf-8")
)
NOT_CONFIDENT = {Intent.CLARIFY, Intent.OUT_OF_SCOPE}


def _visible_cases() -> list[dict[str, Any]]:
    lines = QA_VISIBLE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _check(reply: Answer, must: list[str], must_not: list[str]) -> None:
    missing = [text for text in must if text not in reply.text]
    present = [text for text in must_not if text in reply.text]
    assert not missing and not present, (
        f"missing {missing}, must not contain {present}; reply was:\n{reply.text}"
    )


@pytest.mark.parametrize("case", _visible_cases(), ids=lambda case: case["q"])
def test_acceptance_case(kb: KnowledgeBase, case: dict[str, Any]) -> None:
    _check(answer(kb, case["q"]), case["must"], case["must_not"])


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row["q"])
def test_table_row(kb: KnowledgeBase, row: dict[str, Any]) -> None:
    reply = answer(kb, row["q"])
    assert reply.intent == row["intent"], reply.text
    _check(reply, row["must"], row["must_not"])
    assert reply.confident is False or reply.intent not in NOT_CONFIDENT


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 150


def test_the_table_asks_about_every_task_force(kb: KnowledgeBase) -> None:
    questions = [normalize(row["q"]) for row in TABLE]
    for tf in kb.task_forces:
        indicator = kb.indicator_of(tf)
        names = [*tf.names]
        if len(indicator.task_force_ids) == 1:
            names += indicator.names
        assert any(normalize(name) in q for name in names for q in questions), tf.id


def test_the_table_asks_about_every_unit(kb: KnowledgeBase) -> None:
    questions = [normalize(row["q"]) for row in TABLE]
    for unit in kb.units:
        assert any(normalize(name) in q for name in unit.names for q in questions), unit.name


def test_the_table_covers_every_intent() -> None:
    assert {row["intent"] for row in TABLE} >= set(Intent)


def test_out_of_scope_replies_name_no_unit(kb: KnowledgeBase) -> None:
    rows = [row for row in TABLE if row["intent"] == Intent.OUT_OF_SCOPE]
    assert rows
    for row in rows:
        text = answer(kb, row["q"]).text
        assert not [unit.name for unit in kb.units if unit.name in text], row["q"]


@pytest.mark.parametrize("question", ["", "   ", "？？？", "\n", "a", "😀"])
def test_empty_or_odd_input_gets_a_reply(kb: KnowledgeBase, question: str) -> None:
    reply = answer(kb, question)
    assert reply.text
    assert reply.intent in NOT_CONFIDENT
    assert not reply.confident


def test_answers_are_frozen_and_repeatable(kb: KnowledgeBase) -> None:
    first = answer(kb, "获得电力的牵头单位是谁")
    assert first == answer(kb, "获得电力的牵头单位是谁")
    assert first.task_force_ids == ("getting_electricity",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = ""  # type: ignore[misc]


def test_a_typo_is_answered_but_says_how_it_was_read(kb: KnowledgeBase) -> None:
    reply = answer(kb, "获得电历谁牵头")
    assert "工信局" in reply.text
    assert "获得电力" in reply.text.split("工信局")[0]
    assert not reply.confident
