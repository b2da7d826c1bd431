"""The knowledge data agrees with the source document, read independently of the loader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge import KnowledgeBase
from knowledge.normalize import normalize
from tests.shared import MECHANISM

_WHITESPACE = re.compile(r"\s+")
_HEADER = re.compile(r"^(?:（(?P<number>[一二三四五六七八九十]+)）)?(?P<name>\S+指标专班)$")


def _compact(text: str) -> str:
    return _WHITESPACE.sub("", text)


@dataclass
class _Section:
    """One task force as the document writes it."""

    name: str
    number: str | None
    leads: list[str] = field(default_factory=list)
    lead_is_responsible: bool = False
    responsibles: list[str] = field(default_factory=list)
    duties: str = ""


def _units(line: str) -> list[str]:
    """Unit names separated by 、, except a 、 inside quotes (“双随机、一公开”)."""
    return [name for name in re.split(r"、(?![^“]*”)", line.rstrip("。")) if name]


def _document() -> str:
    return MECHANISM.read_text(encoding="utf-8")


def _sections(document: str) -> list[_Section]:
    body = document.split("二、责任分工", 1)[1].split("三、工作要求", 1)[0]
    sections: list[_Section] = []
    for raw in body.splitlines():
        line = _compact(raw)
        header = _HEADER.match(line)
        if header:
            sections.append(_Section(header["name"], header["number"]))
        elif line.startswith("牵头（责任）单位："):
            sections[-1].leads = _units(line.removeprefix("牵头（责任）单位："))
            sections[-1].lead_is_responsible = True
        elif line.startswith("牵头单位："):
            sections[-1].leads = _units(line.removeprefix("牵头单位："))
        elif line.startswith("责任单位："):
            sections[-1].responsibles = _units(line.removeprefix("责任单位："))
        elif line.startswith("主要职责："):
            sections[-1].duties = line.removeprefix("主要职责：")
        elif line and sections and sections[-1].duties:
            sections[-1].duties += line  # duties broken across lines
    return sections


def test_task_forces_match_the_document(kb: KnowledgeBase) -> None:
    sections = _sections(_document())
    assert [s.name for s in sections] == [tf.name for tf in kb.task_forces]
    for section, tf in zip(sections, kb.task_forces, strict=True):
        assert list(tf.lead_units) == section.leads, tf.id
        assert list(tf.responsible_units) == section.responsibles, tf.id
        assert tf.lead_is_responsible == section.lead_is_responsible, tf.id
        assert _compact(tf.duties) == section.duties, tf.id
        if section.number:
            assert tf.source == f"二、（{section.number}）", tf.id


def test_sub_indicators_are_the_ones_the_duties_list(kb: KnowledgeBase) -> None:
    for tf in kb.task_forces:
        declared = re.search(r"紧扣(\d+)个二级指标", tf.duties)
        assert tf.declared_sub_indicator_count == (int(declared[1]) if declared else None)
        listing = normalize(re.split(r"紧扣|围绕二级指标", tf.duties, maxsplit=1)[1])
        position = 0
        for sub in tf.sub_indicators:
            found = listing.find(normalize(sub.name), position)
            assert found >= 0, (tf.id, sub.name)
            position = found + len(normalize(sub.name))


def test_units_are_exactly_those_the_document_names(kb: KnowledgeBase) -> None:
    named = {name for s in _sections(_document()) for name in (*s.leads, *s.responsibles)}
    assert named == {unit.name for unit in kb.units}


def test_indicators_match_the_goal(kb: KnowledgeBase) -> None:
    goal = _document().split("一、工作目标", 1)[1].split("二、责任分工", 1)[0]
    listed = goal.split("等", 1)[0]
    assert re.findall(r"“([^”]+)”", listed) == [i.name for i in kb.indicators]
    assert f"等{kb.goal.indicator_count}项营商环境指标" in goal
    assert _compact(kb.goal.text) in _compact(goal)


def test_working_rules_match_the_document(kb: KnowledgeBase) -> None:
    requirements = _compact(_document().split("三、工作要求", 1)[1])
    numbers = "一二三四"
    for number, rule in zip(numbers, kb.rules, strict=True):
        assert f"（{number}）{rule.title}{_compact(rule.text)}" in requirements, rule.id
