"""The form: the steps an answer set implies, where to go next, and writes that never mutate."""

from __future__ import annotations

from handlers.checkin import form
from knowledge.models import SubIndicator

SUBS = [SubIndicator(2, "缴纳税费时间"), SubIndicator(5, "纳税便利度")]


def ids(answers: dict) -> list[str]:
    return [step.id for step in form.steps(answers)]


def step(answers: dict, step_id: str) -> form.Step:
    found = form.find(answers, step_id)
    assert found is not None, step_id
    return found


def test_steps_follow_the_branches() -> None:
    assert ids({}) == [
        "meeting",
        "progress",
        "lagging",
        "problems",
        "next_plan",
        "case",
        "benchmark",
    ]
    answers = {"meeting": {"held": False}, "lagging": [{"no": 2, "name": "x"}]}
    answers["case"] = {"formed": True}
    assert ids(answers) == [
        "meeting",
        "meeting.reason",
        "meeting.planned",
        "progress",
        "lagging",
        "lagging.2.reason",
        "lagging.2.measure",
        "problems",
        "next_plan",
        "case",
        "case.title",
        "case.media_id",
        "benchmark",
    ]


def test_write_copies_and_resets_a_changed_branch() -> None:
    draft = {"meeting": {"held": True, "date": "2026-11-20"}}
    same = form.write(draft, step(draft, "meeting"), True)
    changed = form.write(draft, step(draft, "meeting"), False)
    assert same == draft and changed == {"meeting": {"held": False}}
    assert draft == {"meeting": {"held": True, "date": "2026-11-20"}}


def test_reselecting_lagging_keeps_the_reasons_given() -> None:
    draft = form.write({}, step({}, "lagging"), SUBS)
    draft = form.write(draft, step(draft, "lagging.5.reason"), "样本不足")
    again = form.write(draft, step(draft, "lagging"), SUBS[1:])
    assert again["lagging"] == [{"no": 5, "name": "纳税便利度", "reason": "样本不足"}]
    assert not form.is_answered(again, step(again, "lagging.5.measure"))


def test_next_step_fills_gaps_or_walks_one_question() -> None:
    answers = {"meeting": {"held": True, "date": "2026-11-20"}, "progress": "x" * 20}
    assert form.next_step(answers, "meeting", None) == "lagging"
    assert form.next_step(answers, "meeting", 1) == "meeting.date"
    assert form.next_step(answers, "meeting.date", 1) == "lagging"
    complete = {
        **answers,
        "lagging": [],
        "problems": "无",
        "next_plan": "y",
        "case": {"formed": False},
        "benchmark": None,
    }
    assert form.next_step(complete, "meeting.date", 1) == form.PREVIEW
    assert form.answered_questions(complete) == 7 and form.missing(complete) == []
    assert form.previous_step(complete, form.PREVIEW) == "benchmark"
    assert form.previous_step(complete, "meeting") is None
