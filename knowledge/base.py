"""The validated knowledge base: look-ups by id and name, reverse look-ups, name resolution."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from knowledge.matcher import Alias, MatchKind, NameIndex
from knowledge.models import (
    Activity,
    Goal,
    Indicator,
    Rule,
    ScopeRule,
    SubIndicator,
    TaskForce,
    Unit,
)
from knowledge.normalize import ascii_words, match_key, normalize

T = TypeVar("T")

# Sub-indicator names this short (工作时间, 合同管理) are ordinary phrases as well.
SUB_INDICATOR_STRONG_LENGTH = 5
SUB_INDICATOR_MIN_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Resolution(Generic[T]):
    """What a free-text name resolved to: `item` when certain, else a `suggestion` (or none)."""

    item: T | None = None
    suggestion: T | None = None
    kind: MatchKind | None = None

    @property
    def certain(self) -> bool:
        return self.item is not None


@dataclass(frozen=True, slots=True)
class SubIndicatorRef:
    """A sub-indicator together with the task force that owns it."""

    task_force: TaskForce
    sub: SubIndicator


# What a question can be about: a task force, an indicator with several task forces,
# a unit, or a sub-indicator.
Topic = TaskForce | Indicator
Target = TaskForce | Indicator | Unit | SubIndicatorRef

# The things one name in a question may refer to (市场监管: the indicator and the unit).
Mentions = tuple[Target, ...]


def sole_task_force_id(indicator: Indicator) -> str | None:
    """The task force an indicator with a single one stands for; None when it has several."""
    return indicator.task_force_ids[0] if len(indicator.task_force_ids) == 1 else None


def is_weak_alias(alias: str) -> bool:
    """Whether an alias is a bare stem (人社, 电力) or a single English word (Credit).
    Canonical names (纳税, 法院) are never treated as weak, whatever their length."""
    if alias.isascii():
        return len(ascii_words(alias)) <= 1
    return len(normalize(alias)) <= 2


class KnowledgeBase:
    """The facts of the document; immutable, built once by `knowledge.load_knowledge()`."""

    def __init__(
        self,
        *,
        units: Iterable[Unit],
        indicators: Iterable[Indicator],
        task_forces: Iterable[TaskForce],
        rules: Iterable[Rule],
        goal: Goal,
        activities: Iterable[Activity] = (),
        scope: Iterable[ScopeRule] = (),
    ) -> None:
        self.units: tuple[Unit, ...] = tuple(units)
        self.indicators: tuple[Indicator, ...] = tuple(indicators)
        self.task_forces: tuple[TaskForce, ...] = tuple(task_forces)
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.goal = goal
        self.activities: tuple[Activity, ...] = tuple(activities)
        self.scope: tuple[ScopeRule, ...] = tuple(scope)
        self._units = {unit.name: unit for unit in self.units}
        self._indicators = {indicator.id: indicator for indicator in self.indicators}
        self._task_forces = {tf.id: tf for tf in self.task_forces}
        self._led_by: defaultdict[str, list[TaskForce]] = defaultdict(list)
        self._responsible_in: defaultdict[str, list[TaskForce]] = defaultdict(list)
        for tf in self.task_forces:
            for name in tf.lead_units:
                self._led_by[name].append(tf)
            for name in tf.effective_responsible_units:
                self._responsible_in[name].append(tf)
        self._unit_index = NameIndex(
            Alias(name, unit, weak) for name, unit, weak in self._unit_aliases()
        )
        self._task_force_index = NameIndex(
            Alias(name, topic, weak)
            for name, topic, weak in self._topic_aliases()
            if isinstance(topic, TaskForce)
        )
        self._indicator_index = NameIndex(
            Alias(name, indicator, weak)
            for indicator in self.indicators
            for name, weak in ((indicator.id, is_weak_alias(indicator.id)), *_names(indicator))
        )
        self.mentions = NameIndex(self._mention_aliases())

    # -- look-ups ------------------------------------------------------------------------

    def task_force(self, task_force_id: str) -> TaskForce:
        return self._task_forces[task_force_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._indicators[indicator_id]

    def unit(self, name: str) -> Unit:
        """The unit with this canonical name (as the database and the roster use it)."""
        return self._units[name]

    def task_forces_of(self, indicator: Indicator) -> tuple[TaskForce, ...]:
        return tuple(self._task_forces[tf_id] for tf_id in indicator.task_force_ids)

    def indicator_of(self, task_force: TaskForce) -> Indicator:
        return self._indicators[task_force.indicator_id]

    def led_by(self, unit_name: str) -> tuple[TaskForce, ...]:
        """Task forces the unit leads, in document order."""
        return tuple(self._led_by[self.unit(unit_name).name])

    def responsible_in(self, unit_name: str) -> tuple[TaskForce, ...]:
        """Task forces where the unit is a responsible unit, including 牵头（责任）单位."""
        return tuple(self._responsible_in[self.unit(unit_name).name])

    # -- free-text names -----------------------------------------------------------------

    def resolve_task_force(self, text: str) -> Resolution[TaskForce]:
        """A task force from a name as people write it (开办企业, 市场监管-“互联网+”专班)."""
        return _resolution(self._task_force_index, text)

    def resolve_unit(self, text: str) -> Resolution[Unit]:
        """A unit from any of its names (津滨威立雅, 人力资源和社会保障局, 区法院)."""
        return _resolution(self._unit_index, text)

    def resolve_indicator(self, text: str) -> Resolution[Indicator]:
        """An indicator from its id, name, alias or English name (市场监管, Getting Credit)."""
        return _resolution(self._indicator_index, text)

    # -- alias tables --------------------------------------------------------------------

    def _unit_aliases(self) -> Iterator[tuple[str, Unit, bool]]:
        for unit in self.units:
            for name in unit.names:
                informal = name in unit.aliases or name in unit.english_names
                yield name, unit, informal and is_weak_alias(name)

    def _topic_aliases(self) -> Iterator[tuple[str, Topic, bool]]:
        """Names of task forces, and of indicators: an indicator with a single task force
        stands for that task force."""
        for tf in self.task_forces:
            for name in tf.names:
                yield name, tf, False
        for indicator in self.indicators:
            sole = sole_task_force_id(indicator)
            topic: Topic = indicator if sole is None else self._task_forces[sole]
            for name, weak in _names(indicator):
                yield name, topic, weak

    def _mention_aliases(self) -> list[Alias[Mentions]]:
        """Every name a question may use, with all the things it may refer to. A name is
        weak only if it is weak for every one of them."""
        by_key: dict[str, tuple[str, list[Target], list[bool]]] = {}

        def add(name: str, target: Target, weak: bool) -> None:
            _, targets, weakness = by_key.setdefault(match_key(name), (name, [], []))
            if target not in targets:
                targets.append(target)
                weakness.append(weak)
            else:
                index = targets.index(target)
                weakness[index] = weakness[index] and weak

        for name, target, weak in (*self._topic_aliases(), *self._unit_aliases()):
            add(name, target, weak)
        owners: defaultdict[str, list[SubIndicatorRef]] = defaultdict(list)
        for tf in self.task_forces:
            for sub in tf.sub_indicators:
                owners[normalize(sub.name)].append(SubIndicatorRef(tf, sub))
        for key, refs in owners.items():
            if len(refs) == 1 and len(key) >= SUB_INDICATOR_MIN_LENGTH and key not in by_key:
                add(refs[0].sub.name, refs[0], len(key) < SUB_INDICATOR_STRONG_LENGTH)
        return [
            Alias(name, tuple(targets), weak=all(weakness))
            for name, targets, weakness in by_key.values()
        ]


def _names(indicator: Indicator) -> Iterator[tuple[str, bool]]:
    """An indicator's names, each with whether it is weak: the name itself never is."""
    yield indicator.name, False
    for name in (*indicator.aliases, *indicator.english_names):
        yield name, is_weak_alias(name)


def _resolution(index: NameIndex[T], text: str) -> Resolution[T]:
    match = index.resolve(text)
    if match is None:
        return Resolution()
    if match.certain:
        return Resolution(item=match.item, kind=match.kind)
    return Resolution(suggestion=match.item, kind=match.kind)
