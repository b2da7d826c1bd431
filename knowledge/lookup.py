"""Look-up answers: one subject (task force, indicator, unit, sub-indicator) or rule and the
aspect asked of it, read from cue words. The query layer (knowledge.query) hands it every
question that is a plain look-up."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from knowledge import texts
from knowledge.base import KnowledgeBase, Mentions, SubIndicatorRef, Target, Topic
from knowledge.cues import (
    GAP,
    Aspect,
    detect,
    english_leftover,
    in_domain,
    leftover,
    name_pieces,
)
from knowledge.matcher import Hit, Match
from knowledge.models import Indicator, Rule, RuleFact, TaskForce, Unit
from knowledge.normalize import ascii_words, match_key, normalize


class Intent(StrEnum):
    """What a reply answers; the handlers log it and `zhuanban ask --json` prints it."""

    LEAD_UNITS = "lead_units"
    RESPONSIBLE_UNITS = "responsible_units"
    UNITS = "units"
    SUB_INDICATORS = "sub_indicators"
    SUB_INDICATOR_COUNT = "sub_indicator_count"
    DUTIES = "duties"
    SUMMARY = "summary"
    SUB_INDICATOR_OWNER = "sub_indicator_owner"
    MEMBERSHIP = "membership"
    UNIT_LEADS = "unit_leads"
    UNIT_RESPONSIBLE = "unit_responsible"
    UNIT_PARTICIPATION = "unit_participation"
    RULE = "rule"
    INDICATOR_LIST = "indicator_list"
    TASK_FORCE_LIST = "task_force_list"
    CLARIFY = "clarify"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question, exactly as the user sees it, and what it is about."""

    intent: str
    text: str
    confident: bool
    task_force_ids: tuple[str, ...] = ()
    unit_names: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    """Names listed in the answer in order, for a follow-up "第二个呢"."""


_LATIN = re.compile(r"[a-z]+")
# Rule facts that name a responsibility: asked about one topic, the topic's lead is added.
_FACTS_ABOUT_LEADS = frozenset({"first_responsible", "organiser", "contacts"})
# At most this many characters may be left unexplained when a bare stem (人社, 电力) is
# taken as a name; more means the stem is probably part of some other phrase.
_CLEAN_LEFTOVER = 1
_TOPIC_ASPECTS = frozenset(
    {
        Aspect.LEAD,
        Aspect.RESPONSIBLE,
        Aspect.MEMBERS,
        Aspect.SUB_INDICATORS,
        Aspect.COUNT,
        Aspect.DUTIES,
        Aspect.ASKS_INDICATORS,
        Aspect.ASKS_TASK_FORCES,
    }
)
_UNIT_ASPECTS = frozenset(
    {
        Aspect.LEAD,
        Aspect.RESPONSIBLE,
        Aspect.MEMBERS,
        Aspect.TAKES_PART,
        Aspect.DUTIES,
        Aspect.SUB_INDICATORS,
        Aspect.ASKS_INDICATORS,
        Aspect.ASKS_TASK_FORCES,
    }
)


def lookup(kb: KnowledgeBase, text: str) -> Answer:
    """Answer a look-up question (Chinese or English) about one subject or working rule."""
    question = _Question.parse(kb, text)
    if question.targets:
        return _about_targets(kb, question)
    anchored = in_domain(question.gapped, question.spaced)
    fact = _rule_facts(kb).best(question.gapped, question.spaced, anchored=anchored)
    if fact is not None:
        return _rule_answer(kb, *fact, topics=())
    if Aspect.GOAL in question.aspects:
        return Answer(Intent.RULE, texts.GOAL.format(text=kb.goal.text), confident=True)
    if question.suggestion is not None:
        return _did_you_mean(question.suggestion, question.aspects)
    if Aspect.ASKS_TASK_FORCES in question.aspects:
        return task_force_list(kb)
    if Aspect.ASKS_INDICATORS in question.aspects:
        return indicator_list(kb)
    if question.clean:
        return Answer(Intent.CLARIFY, texts.ASK_WHICH, confident=False)
    return Answer(Intent.OUT_OF_SCOPE, texts.OUT_OF_SCOPE, confident=False)


# -- understanding -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Question:
    gapped: str  # the compact text with every name cut out (GAP)
    spaced: str  # the Latin words that are not part of a name, space-separated
    aspects: frozenset[Aspect]
    clean: bool  # nothing but names, cues and fillers
    targets: tuple[Target, ...]
    fuzzy: Target | None  # a certain fuzzy reading of a mistyped name, if that was needed
    suggestion: Target | None  # a name the question may have meant

    @classmethod
    def parse(cls, kb: KnowledgeBase, text: str) -> _Question:
        # Latin words are read as words (on word boundaries), the rest as compact text.
        compact = _LATIN.sub("", normalize(text))
        words = ascii_words(text)
        hits = kb.mentions.scan(compact)
        word_hits = kb.mentions.scan_words(words)
        gapped = _cut(compact, hits)
        other_words = _cut_words(words, word_hits)
        spaced = " ".join(other_words)
        aspects = detect(gapped, spaced)
        clean = len(leftover(gapped)) <= _CLEAN_LEFTOVER and not english_leftover(
            word for word in other_words if word != GAP
        )
        chosen = _choose(hits + word_hits, aspects)
        targets = tuple(hit.item for hit in chosen if clean or not hit.weak)
        dropped = len(targets) < len(chosen)
        suggestion: Target | None = next(
            (
                hit.item
                for hit in chosen
                if hit.weak and not clean and not isinstance(hit.item, Unit)
            ),
            None,
        )
        fuzzy = None
        if not targets:
            # Nothing but weak stems was found: read the whole text for a mistyped name.
            match = _fuzzy(kb, compact, words)
            if match is not None:
                (best,) = _choose([Hit(0, 0, match.alias, match.item, weak=False)], aspects)
                if match.certain:
                    targets, fuzzy = (best.item,), best.item
                elif suggestion is None and not (isinstance(best.item, Unit) and dropped):
                    # A unit is suggested only for a mistyped name (人设局), not for a
                    # phrase that merely contains a unit's stem (宣传栏).
                    suggestion = best.item
        return cls(gapped, spaced, aspects, clean, _unique(targets), fuzzy, suggestion)


def _cut(compact: str, hits: Sequence[Hit[Mentions]]) -> str:
    parts: list[str] = []
    position = 0
    for hit in hits:
        parts += [compact[position : hit.start], GAP]
        position = hit.end
    parts.append(compact[position:])
    return "".join(parts)


def _cut_words(words: Sequence[str], hits: Sequence[Hit[Mentions]]) -> list[str]:
    kept = list(words)
    for hit in reversed(hits):
        kept[hit.start : hit.end] = [GAP]
    return kept


def _choose(hits: Iterable[Hit[Mentions]], aspects: frozenset[Aspect]) -> list[Hit[Target]]:
    """One reading per name found. A name that is both an indicator and a unit (市场监管) is
    the unit only when the question asks which task forces someone leads or joins, or when
    it also names another subject (市场监管是获得信贷的责任单位吗)."""
    hits = list(hits)
    other_subjects = any(not any(isinstance(target, Unit) for target in hit.item) for hit in hits)
    asks = aspects & {Aspect.ASKS_TASK_FORCES, Aspect.ASKS_INDICATORS}
    acts = aspects & {Aspect.LEAD, Aspect.RESPONSIBLE, Aspect.TAKES_PART}
    as_unit = other_subjects or bool(asks and acts)
    chosen: list[Hit[Target]] = []
    for hit in hits:
        units = [t for t in hit.item if isinstance(t, Unit)]
        others = [t for t in hit.item if not isinstance(t, Unit)]
        target = (units if (as_unit and units) or not others else others)[0]
        chosen.append(Hit(hit.start, hit.end, hit.key, target, hit.weak))
    return chosen


def _fuzzy(kb: KnowledgeBase, compact: str, words: Sequence[str]) -> Match[Mentions] | None:
    """The closest name to what is left of the question, for mistyped names."""
    queries = [*name_pieces(compact), "".join(english_leftover(words))]
    best: Match[Mentions] | None = None
    for query in queries:
        if not query:
            continue
        match = kb.mentions.fuzzy(query)
        if match is not None and (
            best is None or (match.certain, match.score) > (best.certain, best.score)
        ):
            best = match
    return best


T = TypeVar("T", bound=Target)


def _unique(items: Iterable[T]) -> tuple[T, ...]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return tuple(seen)


# -- answering about names -----------------------------------------------------------------


def _about_targets(kb: KnowledgeBase, question: _Question) -> Answer:
    topics = [t for t in question.targets if isinstance(t, TaskForce | Indicator)]
    units = [t for t in question.targets if isinstance(t, Unit)]
    subs = [t for t in question.targets if isinstance(t, SubIndicatorRef)]
    aspects = question.aspects
    asked = aspects & (_UNIT_ASPECTS if units and not (topics or subs) else _TOPIC_ASPECTS)
    fact = None if asked else _rule_facts(kb).best(question.gapped, question.spaced, anchored=True)
    if fact is not None:
        result = _rule_answer(kb, *fact, topics=topics + [s.task_force for s in subs])
    elif units and (topics or subs):
        result = _membership(kb, units, topics + [s.task_force for s in subs], aspects)
    elif units:
        result = _about_units(kb, units, aspects, question.clean)
    elif topics:
        result = _about_topics(kb, topics, aspects, question.clean)
    else:
        result = _owners(kb, subs)
    if question.fuzzy is None:
        return result
    note = texts.FUZZY_NOTE.format(name=_display_name(question.fuzzy))
    return Answer(
        result.intent,
        note + result.text,
        confident=False,
        task_force_ids=result.task_force_ids,
        unit_names=result.unit_names,
    )


def _about_topics(
    kb: KnowledgeBase, topics: Sequence[Topic], aspects: frozenset[Aspect], clean: bool
) -> Answer:
    sections = _sections(aspects)
    if not sections:
        if not clean:
            name = _display_name(topics[0])
            return Answer(
                Intent.CLARIFY,
                texts.ABOUT_TOPIC.format(name=name),
                confident=False,
                task_force_ids=_ids(kb, topics),
            )
        sections = [Intent.SUMMARY]
    blocks = [_topic_block(kb, topic, section) for topic in topics for section in sections]
    intent = sections[0] if len(sections) == 1 else Intent.SUMMARY
    return Answer(
        intent,
        texts.BLOCK_SEP.join(blocks),
        confident=True,
        task_force_ids=_ids(kb, topics),
        items=_listed_units(kb, topics, intent) if len(topics) == 1 else (),
    )


def _listed_units(kb: KnowledgeBase, topics: Sequence[Topic], intent: str) -> tuple[str, ...]:
    """The units an answer about one task force lists, in order (for "第二个呢")."""
    (topic,) = topics
    if not isinstance(topic, TaskForce):
        return tuple(tf.name for tf in kb.task_forces_of(topic))
    if intent == Intent.LEAD_UNITS:
        return topic.lead_units
    if intent == Intent.RESPONSIBLE_UNITS:
        return topic.effective_responsible_units
    if intent in (Intent.UNITS, Intent.SUMMARY):
        return (*topic.lead_units, *topic.responsible_units)
    return ()


def _sections(aspects: frozenset[Aspect]) -> list[Intent]:
    """What to say about a topic, in a fixed order."""
    sections: list[Intent] = []
    lead, responsible = Aspect.LEAD in aspects, Aspect.RESPONSIBLE in aspects
    if (lead and responsible) or (Aspect.MEMBERS in aspects and not (lead or responsible)):
        sections.append(Intent.UNITS)
    elif lead:
        sections.append(Intent.LEAD_UNITS)
    elif responsible:
        sections.append(Intent.RESPONSIBLE_UNITS)
    # "下设几个专班" asks for the task forces, not for a count of sub-indicators.
    composition = Aspect.ASKS_TASK_FORCES in aspects
    counted = Aspect.COUNT in aspects and not sections and not composition
    if aspects & {Aspect.SUB_INDICATORS, Aspect.ASKS_INDICATORS} or counted:
        sections.append(
            Intent.SUB_INDICATOR_COUNT if Aspect.COUNT in aspects else Intent.SUB_INDICATORS
        )
    if Aspect.DUTIES in aspects:
        sections.append(Intent.DUTIES)
    if not sections and composition:
        sections.append(Intent.SUMMARY)
    return sections


def _topic_block(kb: KnowledgeBase, topic: Topic, section: Intent) -> str:
    if isinstance(topic, TaskForce):
        return _task_force_block(kb, topic, section)
    task_forces = kb.task_forces_of(topic)
    head = texts.UMBRELLA.format(indicator=topic.name, count=len(task_forces))
    if section in (Intent.LEAD_UNITS, Intent.RESPONSIBLE_UNITS, Intent.UNITS, Intent.SUMMARY):
        items = [
            texts.UMBRELLA_ITEM.format(
                number=number, task_force=tf.name, detail=_umbrella_detail(tf, section)
            )
            for number, tf in enumerate(task_forces, start=1)
        ]
        lines = [head, *items]
        if section in (Intent.LEAD_UNITS, Intent.SUMMARY):
            lines.append(texts.UMBRELLA_ORGANISER)
        return "\n".join(lines)
    blocks = [_task_force_block(kb, tf, section) for tf in task_forces]
    return texts.BLOCK_SEP.join([head, *blocks])


def _umbrella_detail(tf: TaskForce, section: Intent) -> str:
    if section == Intent.UNITS:
        if tf.lead_is_responsible:
            return texts.UMBRELLA_LEAD_DETAIL.format(
                role=texts.ROLE_LEAD_RESPONSIBLE, units=_join(tf.lead_units)
            )
        return texts.UMBRELLA_UNITS_DETAIL.format(
            leads=_join(tf.lead_units), responsibles=_join(tf.responsible_units)
        )
    if section == Intent.RESPONSIBLE_UNITS and not tf.lead_is_responsible:
        return texts.UMBRELLA_LEAD_DETAIL.format(
            role=texts.ROLE_RESPONSIBLE, units=_join(tf.responsible_units)
        )
    role = texts.ROLE_LEAD_RESPONSIBLE if tf.lead_is_responsible else texts.ROLE_LEAD
    return texts.UMBRELLA_LEAD_DETAIL.format(role=role, units=_join(tf.lead_units))


def _task_force_block(kb: KnowledgeBase, tf: TaskForce, section: Intent) -> str:
    if section == Intent.LEAD_UNITS:
        template = texts.LEAD_IS_RESPONSIBLE if tf.lead_is_responsible else texts.LEAD
        return template.format(task_force=tf.name, units=_join(tf.lead_units))
    if section == Intent.RESPONSIBLE_UNITS:
        if tf.lead_is_responsible:
            return texts.RESPONSIBLE_IS_LEAD.format(task_force=tf.name, units=_join(tf.lead_units))
        return texts.RESPONSIBLE.format(task_force=tf.name, units=_counted(tf.responsible_units))
    if section == Intent.UNITS:
        return texts.UNITS.format(task_force=tf.name, lines=unit_lines(tf))
    if section in (Intent.SUB_INDICATORS, Intent.SUB_INDICATOR_COUNT):
        return _sub_indicators(tf)
    if section == Intent.DUTIES:
        return texts.DUTIES.format(task_force=tf.name, duties=tf.duties)
    units = texts.UNITS.format(task_force=tf.name, lines=unit_lines(tf))
    return f"{units}\n{_sub_indicators(tf)}"


def unit_lines(tf: TaskForce) -> str:
    """牵头单位 and 责任单位 of a task force, one line each."""
    if tf.lead_is_responsible:
        return texts.UNIT_LINES_LEAD_IS_RESPONSIBLE.format(leads=_join(tf.lead_units))
    return texts.UNIT_LINES.format(
        leads=_join(tf.lead_units), responsibles=_counted(tf.responsible_units)
    )


def _sub_indicators(tf: TaskForce) -> str:
    subs = tf.sub_indicators
    if len(subs) == 1 and tf.declared_sub_indicator_count is None:
        (sub,) = subs
        name = (
            texts.SUB_INDICATOR_SINGLE_NOTE.format(name=sub.name, note=sub.note)
            if sub.note
            else sub.name
        )
        return texts.SUB_INDICATORS_SINGLE.format(task_force=tf.name, name=name)
    items = "\n".join(
        texts.SUB_INDICATOR_ITEM_NOTE.format(number=sub.number, name=sub.name, note=sub.note)
        if sub.note
        else texts.SUB_INDICATOR_ITEM.format(number=sub.number, name=sub.name)
        for sub in subs
    )
    if tf.sub_indicator_count_mismatch:
        return texts.SUB_INDICATORS_MISMATCH.format(
            task_force=tf.name,
            count=len(subs),
            declared=tf.declared_sub_indicator_count,
            items=items,
        )
    return texts.SUB_INDICATORS.format(task_force=tf.name, count=len(subs), items=items)


def _owners(kb: KnowledgeBase, subs: Sequence[SubIndicatorRef]) -> Answer:
    blocks = [
        texts.SUB_INDICATOR_OWNER.format(
            sub=ref.sub.name,
            task_force=ref.task_force.name,
            indicator=kb.indicator_of(ref.task_force).name,
            lines=unit_lines(ref.task_force),
        )
        for ref in subs
    ]
    return Answer(
        Intent.SUB_INDICATOR_OWNER,
        texts.BLOCK_SEP.join(blocks),
        confident=True,
        task_force_ids=tuple(ref.task_force.id for ref in subs),
    )


# -- answering about units -----------------------------------------------------------------


def _about_units(
    kb: KnowledgeBase, units: Sequence[Unit], aspects: frozenset[Aspect], clean: bool
) -> Answer:
    relevant = aspects & _UNIT_ASPECTS
    if not relevant and not clean:
        return Answer(
            Intent.CLARIFY,
            texts.ABOUT_UNIT.format(name=units[0].name),
            confident=False,
            unit_names=tuple(u.name for u in units),
        )
    lead, responsible = Aspect.LEAD in relevant, Aspect.RESPONSIBLE in relevant
    if lead and not responsible:
        intent = Intent.UNIT_LEADS
    elif responsible and not lead:
        intent = Intent.UNIT_RESPONSIBLE
    else:
        intent = Intent.UNIT_PARTICIPATION
    places = [(unit, kb.led_by(unit.name), kb.responsible_in(unit.name)) for unit in units]
    blocks = [_unit_block(*place, intent) for place in places]
    task_forces = {tf.id for _, led, responsible_in in places for tf in (*led, *responsible_in)}
    return Answer(
        intent,
        texts.BLOCK_SEP.join(blocks),
        confident=True,
        task_force_ids=tuple(tf.id for tf in kb.task_forces if tf.id in task_forces),
        unit_names=tuple(unit.name for unit in units),
        items=_listed_task_forces(places, intent) if len(places) == 1 else (),
    )


def _listed_task_forces(
    places: Sequence[tuple[Unit, Sequence[TaskForce], Sequence[TaskForce]]], intent: Intent
) -> tuple[str, ...]:
    """The task forces an answer about one unit lists, in order (for "第二个呢")."""
    ((_, led, responsible_in),) = places
    if intent == Intent.UNIT_LEADS:
        chosen = list(led) or [tf for tf in responsible_in if tf not in led]
    elif intent == Intent.UNIT_RESPONSIBLE:
        chosen = list(responsible_in)
    else:
        chosen = [*led, *(tf for tf in responsible_in if tf not in led)]
    return tuple(tf.name for tf in chosen)


def _unit_block(
    unit: Unit,
    led: Sequence[TaskForce],
    responsible_in: Sequence[TaskForce],
    intent: Intent,
) -> str:
    """`led`: the task forces the unit leads; `responsible_in`: where it is responsible."""
    joined = [tf for tf in responsible_in if tf not in led]
    lines: list[str] = []
    if intent == Intent.UNIT_LEADS:
        lines.append(
            texts.UNIT_LEADS.format(unit=unit.name, count=len(led), items=_items(led))
            if led
            else texts.UNIT_LEADS_NONE.format(unit=unit.name)
        )
        if not led and joined:
            lines.append(
                texts.UNIT_RESPONSIBLE.format(
                    unit=unit.name, count=len(joined), items=_items(joined)
                )
            )
    elif intent == Intent.UNIT_RESPONSIBLE:
        lines.append(
            texts.UNIT_RESPONSIBLE.format(
                unit=unit.name, count=len(responsible_in), items=_items(responsible_in)
            )
            if responsible_in
            else texts.UNIT_RESPONSIBLE_NONE.format(unit=unit.name)
        )
    elif led or joined:
        lines.append(texts.UNIT_PARTICIPATION.format(unit=unit.name, count=len(led) + len(joined)))
        if led:
            lines.append(texts.UNIT_PARTICIPATION_LEADS.format(items=_items(led)))
        if joined:
            lines.append(texts.UNIT_PARTICIPATION_RESPONSIBLE.format(items=_items(joined)))
    else:
        lines.append(texts.UNIT_NONE.format(unit=unit.name))
    if unit.note:
        lines.append(texts.UNIT_NOTE.format(note=unit.note))
    return "\n".join(lines)


def _items(task_forces: Sequence[TaskForce]) -> str:
    return "\n".join(
        (
            texts.UNIT_ITEM_LEAD_IS_RESPONSIBLE if tf.lead_is_responsible else texts.UNIT_ITEM
        ).format(number=number, task_force=tf.name)
        for number, tf in enumerate(task_forces, start=1)
    )


def _membership(
    kb: KnowledgeBase, units: Sequence[Unit], topics: Sequence[Topic], aspects: frozenset[Aspect]
) -> Answer:
    """Is this unit (the lead / a responsible unit) of that task force?"""
    asked = (
        texts.ROLE_LEAD
        if Aspect.LEAD in aspects and Aspect.RESPONSIBLE not in aspects
        else texts.ROLE_RESPONSIBLE
        if Aspect.RESPONSIBLE in aspects
        else None
    )
    blocks: list[str] = []
    for topic in _unique(topics):
        task_forces = (topic,) if isinstance(topic, TaskForce) else kb.task_forces_of(topic)
        for unit in units:
            blocks.append(_membership_block(kb, unit, topic, task_forces, asked))
    return Answer(
        Intent.MEMBERSHIP,
        texts.BLOCK_SEP.join(blocks),
        confident=True,
        task_force_ids=_ids(kb, topics),
        unit_names=tuple(u.name for u in units),
    )


def _membership_block(
    kb: KnowledgeBase,
    unit: Unit,
    topic: Topic,
    task_forces: Sequence[TaskForce],
    asked: str | None,
) -> str:
    lines: list[str] = []
    confirmed = True
    for tf in task_forces:
        role = _role(tf, unit)
        if role is None:
            continue
        matches = asked is None or role in (asked, texts.ROLE_LEAD_RESPONSIBLE)
        confirmed = confirmed and matches
        template = texts.MEMBERSHIP_YES if matches else texts.MEMBERSHIP_OTHER_ROLE
        lines.append(template.format(unit=unit.name, task_force=tf.name, role=role, asked=asked))
    if lines and confirmed and isinstance(topic, TaskForce):
        return "\n".join(lines)
    if not lines:
        lines.append(texts.MEMBERSHIP_NO)
    section = (
        Intent.LEAD_UNITS
        if asked == texts.ROLE_LEAD
        else Intent.RESPONSIBLE_UNITS
        if asked == texts.ROLE_RESPONSIBLE
        else Intent.UNITS
    )
    lines.append(_topic_block(kb, topic, section))
    return "\n".join(lines)


def _role(tf: TaskForce, unit: Unit) -> str | None:
    if unit.name in tf.lead_units:
        return texts.ROLE_LEAD_RESPONSIBLE if tf.lead_is_responsible else texts.ROLE_LEAD
    if unit.name in tf.responsible_units:
        return texts.ROLE_RESPONSIBLE
    return None


# -- working rules and lists ---------------------------------------------------------------


class _RuleFacts:
    """Keyword search over the facts of the working rules; the longest total match wins."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._facts = [
            (rule, fact, _Keywords(fact.keywords), _Keywords(fact.related_words))
            for rule in rules
            for fact in rule.facts
        ]

    def best(self, gapped: str, spaced: str, *, anchored: bool) -> tuple[Rule, RuleFact] | None:
        """The fact whose keywords the question uses most; related words count only when
        the question is `anchored` in the domain."""
        best: tuple[int, Rule, RuleFact] | None = None
        for rule, fact, keywords, related in self._facts:
            score = keywords.score(gapped, spaced)
            if anchored:
                score += related.score(gapped, spaced)
            if score and (best is None or score > best[0]):
                best = (score, rule, fact)
        return (best[1], best[2]) if best else None


class _Keywords:
    """Chinese keywords found anywhere in the compact text, English ones on word boundaries."""

    def __init__(self, keywords: Sequence[str]) -> None:
        self._chinese = _alternation([match_key(k) for k in keywords if not k.isascii()], "{}")
        self._english = _alternation(
            [match_key(k) for k in keywords if k.isascii()], r"\b(?:{})\b"
        )

    def score(self, gapped: str, spaced: str) -> int:
        found = set(self._chinese.findall(gapped)) if self._chinese else set()
        if self._english and spaced:
            found.update(self._english.findall(spaced))
        return sum(len(keyword) for keyword in found)


def _alternation(keywords: Sequence[str], wrapper: str) -> re.Pattern[str] | None:
    if not keywords:
        return None
    ordered = sorted(set(keywords), key=len, reverse=True)
    return re.compile(wrapper.format("|".join(re.escape(k) for k in ordered)))


@lru_cache(maxsize=8)
def _rule_facts(kb: KnowledgeBase) -> _RuleFacts:
    return _RuleFacts(kb.rules)


def _rule_answer(kb: KnowledgeBase, rule: Rule, fact: RuleFact, topics: Sequence[Topic]) -> Answer:
    lines = [texts.RULE.format(answer=fact.answer, title=rule.title)]
    if fact.id in _FACTS_ABOUT_LEADS:
        lines += [_topic_block(kb, topic, Intent.LEAD_UNITS) for topic in topics]
    return Answer(Intent.RULE, "\n".join(lines), confident=True, task_force_ids=_ids(kb, topics))


def indicator_list(kb: KnowledgeBase) -> Answer:
    items = "\n".join(
        texts.INDICATOR_ITEM_SEVERAL.format(
            number=ind.number, name=ind.name, count=len(ind.task_force_ids)
        )
        if len(ind.task_force_ids) > 1
        else texts.INDICATOR_ITEM.format(number=ind.number, name=ind.name)
        for ind in kb.indicators
    )
    text = texts.INDICATOR_LIST.format(
        count=len(kb.indicators), items=items, total=len(kb.task_forces)
    )
    return Answer(Intent.INDICATOR_LIST, text, confident=True)


def task_force_list(kb: KnowledgeBase) -> Answer:
    items = "\n".join(
        texts.TASK_FORCE_ITEM.format(number=number, name=tf.name)
        for number, tf in enumerate(kb.task_forces, start=1)
    )
    return Answer(
        Intent.TASK_FORCE_LIST,
        texts.TASK_FORCE_LIST.format(count=len(kb.task_forces), items=items),
        confident=True,
        task_force_ids=tuple(tf.id for tf in kb.task_forces),
        items=tuple(tf.name for tf in kb.task_forces),
    )


# -- not understood ------------------------------------------------------------------------


def _did_you_mean(target: Target, aspects: frozenset[Aspect]) -> Answer:
    name = _display_name(target)
    if isinstance(target, Unit):
        template = (
            texts.QUESTION_UNIT_LEADS
            if Aspect.LEAD in aspects
            else texts.QUESTION_UNIT_PARTICIPATION
        )
    elif isinstance(target, SubIndicatorRef):
        template = texts.QUESTION_SUB_INDICATOR_OWNER
    else:
        template = {
            Intent.LEAD_UNITS: texts.QUESTION_LEAD,
            Intent.RESPONSIBLE_UNITS: texts.QUESTION_RESPONSIBLE,
            Intent.UNITS: texts.QUESTION_UNITS,
            Intent.SUB_INDICATORS: texts.QUESTION_SUB_INDICATORS,
            Intent.SUB_INDICATOR_COUNT: texts.QUESTION_SUB_INDICATORS,
            Intent.DUTIES: texts.QUESTION_DUTIES,
        }.get(next(iter(_sections(aspects)), Intent.SUMMARY), texts.QUESTION_TOPIC)
    question = template.format(name=name)
    return Answer(Intent.CLARIFY, texts.DID_YOU_MEAN.format(question=question), confident=False)


# -- helpers -------------------------------------------------------------------------------


def _display_name(target: Target) -> str:
    return target.sub.name if isinstance(target, SubIndicatorRef) else target.name


def _join(names: Sequence[str]) -> str:
    return texts.LIST_SEP.join(names) if names else texts.NONE


def _counted(names: Sequence[str]) -> str:
    """Long lists say how many they are."""
    joined = _join(names)
    return texts.COUNTED.format(units=joined, count=len(names)) if len(names) >= 3 else joined


def _ids(kb: KnowledgeBase, topics: Iterable[Topic]) -> tuple[str, ...]:
    ids: list[str] = []
    for topic in topics:
        task_forces = (topic,) if isinstance(topic, TaskForce) else kb.task_forces_of(topic)
        ids += [tf.id for tf in task_forces if tf.id not in ids]
    return tuple(ids)
