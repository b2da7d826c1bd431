"""Load the YAML knowledge files, validate them, and build the knowledge base (fail fast)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.base import KnowledgeBase, sole_task_force_id
from knowledge.models import (
    Activity,
    Goal,
    Indicator,
    Rule,
    RuleFact,
    ScopeRule,
    SubIndicator,
    TaskForce,
    Unit,
    UnitKind,
)
from knowledge.normalize import normalize, normalize_name

DATA_DIR = Path(__file__).resolve().parent / "data"
UNITS_FILE = "units.yaml"
INDICATORS_FILE = "indicators.yaml"
TASK_FORCES_FILE = "task_forces.yaml"
RULES_FILE = "rules.yaml"
ACTIVITIES_FILE = "activities.yaml"
SCOPE_FILE = "scope.yaml"

_ID = re.compile(r"[a-z][a-z0-9_]*")
# Words that name no particular entry; an alias or keyword made of one would match anything.
GENERIC_WORDS = frozenset(
    normalize(word)
    for word in (
        "指标",
        "专班",
        "指标专班",
        "单位",
        "部门",
        "牵头",
        "责任",
        "服务",
        "监管",
        "市场",
        "政务",
        "企业",
        "创新",
        "管理",
        "工作",
        "营商环境",
        "东丽",
        "东丽区",
        "二级指标",
        "一级指标",
        "牵头单位",
        "责任单位",
        "成员单位",
        "局",
        "委",
        "办",
        "中心",
        "公司",
    )
)


class KnowledgeError(Exception):
    """The knowledge files are missing, malformed or inconsistent; names the file and entry."""


def load_knowledge(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge in `path` (default: the packaged data directory)."""
    directory = Path(path) if path is not None else DATA_DIR
    units = _load_units(_File.read(directory / UNITS_FILE, "units"))
    unit_names = {unit.name for unit in units}
    task_forces = _load_task_forces(
        _File.read(directory / TASK_FORCES_FILE, "task_forces"), unit_names
    )
    indicators = _load_indicators(
        _File.read(directory / INDICATORS_FILE, "indicators"), task_forces
    )
    rules_file = _File.read(directory / RULES_FILE, "rules")
    goal = _load_goal(rules_file, len(indicators))
    rules = _load_rules(rules_file)
    _check_topic_names(directory, indicators, task_forces)
    activities = _load_activities(
        _File.read(directory / ACTIVITIES_FILE, "activities"), task_forces
    )
    scope = _load_scope(_File.read(directory / SCOPE_FILE, "scope"))
    return KnowledgeBase(
        units=units,
        indicators=indicators,
        task_forces=task_forces,
        rules=rules,
        goal=goal,
        activities=activities,
        scope=scope,
    )


# -- reading ---------------------------------------------------------------------------------


try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml: the pure-Python loader, same behaviour
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _UniqueKeyLoader(_SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


@dataclass(frozen=True, slots=True)
class _File:
    """One knowledge file: its path (for messages) and its parsed top-level mapping."""

    path: Path
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path, list_key: str) -> _File:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise KnowledgeError(f"{path}: cannot read the file ({error.strerror})") from error
        try:
            data = yaml.load(text, Loader=_UniqueKeyLoader)
        except yaml.YAMLError as error:
            raise KnowledgeError(f"{path}: not valid YAML: {error}") from error
        if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
            raise KnowledgeError(f"{path}: expected a top-level list under '{list_key}:'")
        return cls(path, data)

    def entries(self, list_key: str, id_key: str) -> Iterator[_Entry]:
        seen: set[str] = set()
        for position, raw in enumerate(self.data[list_key], start=1):
            where = f"{list_key} entry #{position}"
            if not isinstance(raw, dict):
                raise KnowledgeError(f"{self.path}: {where}: expected a mapping of fields")
            entry = _Entry(self.path, where, raw)
            ident = entry.text(id_key)
            entry = _Entry(self.path, f"{list_key} entry '{ident}'", raw)
            if ident in seen:
                raise KnowledgeError(f"{self.path}: {entry.where}: duplicate {id_key} '{ident}'")
            seen.add(ident)
            yield entry


@dataclass(frozen=True, slots=True)
class _Entry:
    """One entry of a file, with typed field access that reports the file and the entry."""

    path: Path
    where: str
    raw: dict[str, Any]

    def fail(self, problem: str) -> KnowledgeError:
        return KnowledgeError(f"{self.path}: {self.where}: {problem}")

    def check_fields(self, required: Set[str], optional: Set[str] = frozenset()) -> None:
        unknown = sorted(set(self.raw) - required - optional, key=str)
        if unknown:
            raise self.fail(
                f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(required | optional))})"
            )
        missing = sorted(required - set(self.raw))
        if missing:
            raise self.fail(f"missing field '{missing[0]}'")

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"field '{key}' must be non-empty text")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.raw.get(key) is not None else None

    def texts(self, key: str, *, non_empty: bool = False) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"field '{key}' must be a list of non-empty texts")
        if non_empty and not value:
            raise self.fail(f"field '{key}' must not be empty")
        items = tuple(v.strip() for v in value)
        duplicate = _first_duplicate(items)
        if duplicate is not None:
            raise self.fail(f"field '{key}' lists '{duplicate}' twice")
        return items

    def id(self, key: str) -> str:
        value = self.text(key)
        if not _ID.fullmatch(value):
            raise self.fail(f"field '{key}' must be lower-case ASCII (a-z, 0-9, _): '{value}'")
        return value

    def positive_int(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(f"field '{key}' must be a positive whole number")
        return value

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"field '{key}' must be true or false")
        return value

    def names(self, *keys: str) -> tuple[str, ...]:
        """The aliases in `keys`, each checked to be specific enough to match on."""
        names: list[str] = []
        for key in keys:
            for name in self.texts(key):
                if normalize_name(name) in GENERIC_WORDS or not normalize(name):
                    raise self.fail(f"name '{name}' in '{key}' is too generic to match on")
                names.append(name)
        return tuple(names)


class _AliasRegistry:
    """Names claimed so far in one namespace; a name may not point at two entries."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def claim(self, name: str, owner: str, path: Path, where: str) -> None:
        previous = self._owners.setdefault(normalize_name(name), owner)
        if previous != owner:
            raise KnowledgeError(f"{path}: {where}: name '{name}' is already used by {previous}")


def _first_duplicate(items: Iterable[str]) -> str | None:
    """The first item listed a second time, if any."""
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


# -- units ---------------------------------------------------------------------------------


def _load_units(file: _File) -> tuple[Unit, ...]:
    units: list[Unit] = []
    registry = _AliasRegistry()
    for entry in file.entries("units", "name"):
        entry.check_fields(
            {"name", "kind", "source"}, {"formal_names", "aliases", "english_names", "note"}
        )
        kind = entry.text("kind")
        if kind not in set(UnitKind):
            raise entry.fail(f"field 'kind' must be one of {', '.join(UnitKind)}: '{kind}'")
        unit = Unit(
            name=entry.text("name"),
            kind=UnitKind(kind),
            formal_names=entry.names("formal_names"),
            aliases=entry.names("aliases"),
            source=entry.text("source"),
            note=entry.optional_text("note"),
            english_names=entry.names("english_names"),
        )
        for name in unit.names:
            registry.claim(name, f"unit '{unit.name}'", file.path, entry.where)
        units.append(unit)
    return tuple(units)


# -- task forces ---------------------------------------------------------------------------


def _load_task_forces(file: _File, unit_names: set[str]) -> tuple[TaskForce, ...]:
    task_forces: list[TaskForce] = []
    for entry in file.entries("task_forces", "id"):
        entry.check_fields(
            {"id", "name", "indicator", "source", "lead_units", "duties", "sub_indicators"},
            {
                "short_names",
                "responsible_units",
                "lead_is_responsible",
                "declared_sub_indicator_count",
            },
        )
        lead_units = entry.texts("lead_units")
        if not lead_units:
            raise entry.fail("has no lead unit (field 'lead_units' is empty)")
        responsible_units = entry.texts("responsible_units")
        lead_is_responsible = entry.flag("lead_is_responsible")
        if lead_is_responsible and responsible_units:
            raise entry.fail("lead_is_responsible is true, so 'responsible_units' must be empty")
        for name in (*lead_units, *responsible_units):
            if name not in unit_names:
                raise entry.fail(f"unit '{name}' is not defined in {UNITS_FILE}")
        both = next((name for name in lead_units if name in responsible_units), None)
        if both is not None:
            raise entry.fail(f"unit '{both}' is both a lead and a responsible unit")
        task_forces.append(
            TaskForce(
                id=entry.id("id"),
                name=entry.text("name"),
                short_names=entry.names("short_names"),
                indicator_id=entry.id("indicator"),
                lead_units=lead_units,
                responsible_units=responsible_units,
                lead_is_responsible=lead_is_responsible,
                duties=entry.text("duties"),
                sub_indicators=_sub_indicators(entry),
                declared_sub_indicator_count=entry.positive_int("declared_sub_indicator_count"),
                source=entry.text("source"),
            )
        )
    return tuple(task_forces)


def _sub_indicators(entry: _Entry) -> tuple[SubIndicator, ...]:
    raw = entry.raw.get("sub_indicators")
    if not isinstance(raw, list) or not raw:
        raise entry.fail("field 'sub_indicators' must be a non-empty list")
    subs: list[SubIndicator] = []
    for number, item in enumerate(raw, start=1):
        if isinstance(item, str) and item.strip():
            subs.append(SubIndicator(number, item.strip()))
            continue
        sub = _Entry(
            entry.path,
            f"{entry.where}, sub_indicators #{number}",
            item if isinstance(item, dict) else {},
        )
        sub.check_fields({"name"}, {"note"})
        subs.append(SubIndicator(number, sub.text("name"), sub.optional_text("note")))
    duplicate = _first_duplicate(sub.name for sub in subs)
    if duplicate is not None:
        raise entry.fail(f"sub-indicator '{duplicate}' is listed twice")
    return tuple(subs)


# -- indicators ----------------------------------------------------------------------------


def _load_indicators(file: _File, task_forces: tuple[TaskForce, ...]) -> tuple[Indicator, ...]:
    indicators: list[Indicator] = []
    for number, entry in enumerate(file.entries("indicators", "id"), start=1):
        entry.check_fields({"id", "name", "task_forces", "source"}, {"aliases", "english_names"})
        indicators.append(
            Indicator(
                id=entry.id("id"),
                number=number,
                name=entry.text("name"),
                aliases=entry.names("aliases"),
                english_names=entry.names("english_names"),
                task_force_ids=entry.texts("task_forces", non_empty=True),
                source=entry.text("source"),
            )
        )
    known = {indicator.id for indicator in indicators}
    task_forces_file = file.path.with_name(TASK_FORCES_FILE)
    for tf in task_forces:
        if tf.indicator_id not in known:
            raise KnowledgeError(
                f"{task_forces_file}: task_forces entry '{tf.id}': indicator "
                f"'{tf.indicator_id}' is not defined in {INDICATORS_FILE}"
            )
    by_id = {tf.id: tf for tf in task_forces}
    listed: dict[str, str] = {}
    for indicator in indicators:
        where = f"{file.path}: indicators entry '{indicator.id}'"
        for tf_id in indicator.task_force_ids:
            listed_tf = by_id.get(tf_id)
            if listed_tf is None:
                raise KnowledgeError(
                    f"{where}: task force '{tf_id}' is not defined in {TASK_FORCES_FILE}"
                )
            if listed_tf.indicator_id != indicator.id:
                raise KnowledgeError(
                    f"{where}: lists task force '{tf_id}', whose indicator in "
                    f"{TASK_FORCES_FILE} is '{listed_tf.indicator_id}'"
                )
            if tf_id in listed:
                raise KnowledgeError(
                    f"{where}: task force '{tf_id}' is already listed by '{listed[tf_id]}'"
                )
            listed[tf_id] = indicator.id
    for tf in task_forces:
        if tf.id not in listed:
            raise KnowledgeError(
                f"{file.path}: indicators entry '{tf.indicator_id}': does not "
                f"list task force '{tf.id}' under task_forces"
            )
    return tuple(indicators)


def _check_topic_names(
    directory: Path, indicators: tuple[Indicator, ...], task_forces: tuple[TaskForce, ...]
) -> None:
    """Task force and indicator names share one namespace. An indicator with a single task
    force is the same subject as that task force, so the two may share names."""
    registry = _AliasRegistry()
    for tf in task_forces:
        for name in tf.names:
            registry.claim(
                name,
                f"task force '{tf.id}'",
                directory / TASK_FORCES_FILE,
                f"task_forces entry '{tf.id}'",
            )
    for indicator in indicators:
        sole = sole_task_force_id(indicator)
        owner = f"indicator '{indicator.id}'" if sole is None else f"task force '{sole}'"
        for name in indicator.names:
            registry.claim(
                name, owner, directory / INDICATORS_FILE, f"indicators entry '{indicator.id}'"
            )


# -- rules ---------------------------------------------------------------------------------


def _load_goal(file: _File, indicator_count: int) -> Goal:
    entry = _Entry(file.path, "goal", file.data.get("goal") or {})
    entry.check_fields({"source", "text", "indicator_count"})
    goal = Goal(
        source=entry.text("source"),
        text=entry.text("text"),
        indicator_count=entry.positive_int("indicator_count") or 0,
    )
    if goal.indicator_count != indicator_count:
        raise entry.fail(
            f"indicator_count is {goal.indicator_count} but {INDICATORS_FILE} "
            f"defines {indicator_count} indicators"
        )
    return goal


def _load_rules(file: _File) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    fact_ids: set[str] = set()
    for entry in file.entries("rules", "id"):
        entry.check_fields({"id", "title", "source", "text", "facts"})
        raw_facts = entry.raw["facts"]
        if not isinstance(raw_facts, list) or not raw_facts:
            raise entry.fail("field 'facts' must be a non-empty list")
        facts: list[RuleFact] = []
        for position, raw in enumerate(raw_facts, start=1):
            fact = _Entry(
                file.path,
                f"{entry.where}, facts #{position}",
                raw if isinstance(raw, dict) else {},
            )
            fact.check_fields({"id", "keywords", "answer"}, {"related_words"})
            fact_id = fact.id("id")
            if fact_id in fact_ids:
                raise fact.fail(f"duplicate fact id '{fact_id}'")
            fact_ids.add(fact_id)
            keywords = fact.texts("keywords", non_empty=True)
            related = fact.texts("related_words")
            generic = next((k for k in (*keywords, *related) if _too_generic(k)), None)
            if generic is not None:
                raise fact.fail(f"keyword '{generic}' is too generic to match on")
            facts.append(
                RuleFact(
                    id=fact_id,
                    keywords=keywords,
                    related_words=related,
                    answer=fact.text("answer"),
                )
            )
        rules.append(
            Rule(
                id=entry.id("id"),
                title=entry.text("title"),
                source=entry.text("source"),
                text=entry.text("text"),
                facts=tuple(facts),
            )
        )
    return tuple(rules)


def _too_generic(keyword: str) -> bool:
    key = normalize(keyword)
    return not key or key in GENERIC_WORDS


# -- activities and scope ------------------------------------------------------------------


def _load_activities(file: _File, task_forces: tuple[TaskForce, ...]) -> tuple[Activity, ...]:
    """Each term must occur in some task force's duties or sub-indicators (it is searched
    there); a synonym may belong to one term only."""
    texts = [
        normalize(tf.duties + "".join(sub.name for sub in tf.sub_indicators)) for tf in task_forces
    ]
    registry = _AliasRegistry()
    activities: list[Activity] = []
    for entry in file.entries("activities", "term"):
        entry.check_fields({"term"}, {"synonyms"})
        activity = Activity(term=entry.text("term"), synonyms=entry.texts("synonyms"))
        if not any(normalize(activity.term) in text for text in texts):
            raise entry.fail(
                f"term '{activity.term}' is in no task force's duties or sub-indicators"
            )
        for name in activity.names:
            registry.claim(name, f"term '{activity.term}'", file.path, entry.where)
        activities.append(activity)
    return tuple(activities)


def _load_scope(file: _File) -> tuple[ScopeRule, ...]:
    rules: list[ScopeRule] = []
    for entry in file.entries("scope", "id"):
        entry.check_fields({"id", "reason"}, {"words", "patterns", "unless"})
        patterns = entry.texts("patterns")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise entry.fail(
                    f"pattern '{pattern}' is not a valid regular expression: {error}"
                ) from error
        rule = ScopeRule(
            id=entry.id("id"),
            reason=entry.text("reason"),
            words=entry.texts("words"),
            patterns=patterns,
            unless=entry.texts("unless"),
        )
        if not rule.words and not rule.patterns:
            raise entry.fail("needs 'words' or 'patterns'")
        rules.append(rule)
    return tuple(rules)
