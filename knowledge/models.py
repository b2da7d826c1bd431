"""Immutable records of the knowledge: units, indicators, task forces and working rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

TASK_FORCE_SUFFIX = "指标专班"


class UnitKind(StrEnum):
    UNIT = "unit"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit named in the document, or a group of member units (成员单位) it names."""

    name: str
    kind: UnitKind
    formal_names: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    note: str | None = None
    english_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the unit goes by, the canonical one first."""
        return (self.name, *self.formal_names, *self.aliases, *self.english_names)

    @property
    def english(self) -> str | None:
        """The English name shown beside the Chinese one in answers to English questions."""
        return self.english_names[0] if self.english_names else None


@dataclass(frozen=True, slots=True)
class SubIndicator:
    """A second-level indicator (二级指标), numbered as the document lists it."""

    number: int
    name: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A first-level indicator (一级指标) of the goal, with its task forces in document order."""

    id: str
    number: int
    name: str
    aliases: tuple[str, ...]
    english_names: tuple[str, ...]
    task_force_ids: tuple[str, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.english_names)


@dataclass(frozen=True, slots=True)
class TaskForce:
    """One of the 23 task forces (指标专班)."""

    id: str
    name: str
    short_names: tuple[str, ...]
    indicator_id: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    lead_is_responsible: bool
    duties: str
    sub_indicators: tuple[SubIndicator, ...]
    declared_sub_indicator_count: int | None
    source: str

    @property
    def title(self) -> str:
        """The name without the 指标专班 suffix, e.g. "市场监管-政务诚信度"."""
        return self.name.removesuffix(TASK_FORCE_SUFFIX)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.title, *self.short_names)

    @property
    def effective_responsible_units(self) -> tuple[str, ...]:
        """Responsible units, counting a 牵头（责任）单位 as responsible too."""
        return self.lead_units if self.lead_is_responsible else self.responsible_units

    @property
    def sub_indicator_count_mismatch(self) -> bool:
        declared = self.declared_sub_indicator_count
        return declared is not None and declared != len(self.sub_indicators)


@dataclass(frozen=True, slots=True)
class RuleFact:
    """One answerable point of a working rule, found by its keywords; related words (会议,
    名单) count only in a question that is about the task forces."""

    id: str
    keywords: tuple[str, ...]
    related_words: tuple[str, ...]
    answer: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A working rule of 三、工作要求 (完善架构, 定期会商, 联动协同, 通报考核)."""

    id: str
    title: str
    source: str
    text: str
    facts: tuple[RuleFact, ...]


@dataclass(frozen=True, slots=True)
class Goal:
    """一、工作目标: the goal text and how many indicators it names."""

    source: str
    text: str
    indicator_count: int


@dataclass(frozen=True, slots=True)
class Activity:
    """A piece of work the duties or sub-indicators name (注销, 装表接电), with the words people
    use for it; questions about it are answered by searching the document text for `term`."""

    term: str
    synonyms: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.synonyms)


@dataclass(frozen=True, slots=True)
class ScopeRule:
    """Something the document does not say (another district, a budget, a phone number):
    a question that uses one of `words` or `patterns`, and none of `unless`, is out of scope."""

    id: str
    reason: str
    words: tuple[str, ...]
    patterns: tuple[str, ...]
    unless: tuple[str, ...]
