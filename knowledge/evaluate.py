"""The evaluator: answers every query (knowledge.query.Query) from the knowledge data."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge import texts
from knowledge.base import KnowledgeBase, SubIndicatorRef
from knowledge.lookup import (
    Answer,
    Intent,
    indicator_list,
    lookup,
    task_force_list,
    unit_lines,
)
from knowledge.models import Indicator, TaskForce, Unit, UnitKind
from knowledge.normalize import normalize
from knowledge.query import Filter, Op, Over, Query, Relation
from knowledge.reading import asks_for_the_list, unread
from knowledge.search import Found, quote

Topic = TaskForce | Indicator
_CMP: dict[str, Callable[[int, int], bool]] = {
    "=": lambda a, b: a == b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}
_LABEL = {
    Relation.LEADS: texts.LABEL_LEADS,
    Relation.RESPONSIBLE: texts.LABEL_RESPONSIBLE,
    Relation.UNITS: texts.LABEL_UNITS,
    Relation.PARTICIPATES: texts.LABEL_UNITS,
    Relation.SUB_INDICATORS: texts.LABEL_SUB_INDICATORS,
    Relation.TASK_FORCES: texts.LABEL_TASK_FORCES,
}
# Lists longer than this are given on one line, without details.
_DETAILED = 12


def evaluate(kb: KnowledgeBase, query: Query) -> Answer:
    if query.op is Op.LOOKUP:
        result = lookup(kb, query.text)
        if result.intent == Intent.TASK_FORCE_LIST and not asks_for_the_list(kb, query.text):
            # the whole list is never a fallback for other words
            result = Answer(Intent.OUT_OF_SCOPE, texts.OUT_OF_SCOPE, confident=False)
        if result.intent in (Intent.CLARIFY, Intent.OUT_OF_SCOPE):
            found = unread(kb, query.text, free=result.intent == Intent.OUT_OF_SCOPE)
            if found is not None:
                result = _EVALUATORS[found.op](kb, found)
    else:
        result = _EVALUATORS[query.op](kb, query)
    result = _with_group_notes(kb, result)
    return _in_english(kb, result) if query.english else result


def _with_group_notes(kb: KnowledgeBase, result: Answer) -> Answer:
    """A member group (…成员单位) named in an answer comes with the note that the document
    does not list its members."""
    notes = [
        texts.UNIT_NOTE.format(note=unit.note)
        for unit in kb.units
        if unit.kind is UnitKind.GROUP
        and unit.note
        and unit.name in result.text
        and unit.note not in result.text
    ]
    if not notes:
        return result
    return Answer(
        result.intent,
        "\n".join([result.text, *notes]),
        confident=result.confident,
        task_force_ids=result.task_force_ids,
        unit_names=result.unit_names,
        items=result.items,
    )


# -- relations -----------------------------------------------------------------------------


def units_of(kb: KnowledgeBase, topic: Topic, relation: Relation) -> tuple[str, ...]:
    """Unit names (or sub-indicator names) a task force or indicator has in `relation`."""
    task_forces = (topic,) if isinstance(topic, TaskForce) else kb.task_forces_of(topic)
    names: list[str] = []
    for tf in task_forces:
        if relation is Relation.LEADS:
            found = tf.lead_units
        elif relation is Relation.RESPONSIBLE:
            found = tf.effective_responsible_units
        elif relation is Relation.SUB_INDICATORS:
            found = tuple(sub.name for sub in tf.sub_indicators)
        elif relation is Relation.TASK_FORCES:
            found = (tf.name,)
        else:
            found = (*tf.lead_units, *tf.responsible_units)
        names += [name for name in found if name not in names]
    return tuple(names)


def task_forces_of(kb: KnowledgeBase, unit: Unit, relation: Relation) -> tuple[TaskForce, ...]:
    """Task forces a unit leads, is a responsible unit of (not counting its own lead), or
    takes part in."""
    return tuple(
        tf
        for tf in kb.task_forces
        if (relation is not Relation.RESPONSIBLE and unit.name in tf.lead_units)
        or (relation is not Relation.LEADS and unit.name in tf.responsible_units)
    )


def _real_units(kb: KnowledgeBase) -> tuple[Unit, ...]:
    return tuple(unit for unit in kb.units if unit.kind is UnitKind.UNIT)


def _size(kb: KnowledgeBase, item: TaskForce | Indicator | Unit, relation: Relation) -> int:
    if isinstance(item, Unit):
        return len(task_forces_of(kb, item, relation))
    if relation is Relation.RESPONSIBLE and isinstance(item, TaskForce):
        return len(item.responsible_units)
    return len(units_of(kb, item, relation))


def _names_of(
    kb: KnowledgeBase, item: TaskForce | Indicator | Unit, relation: Relation
) -> tuple[str, ...]:
    if isinstance(item, Unit):
        return tuple(tf.name for tf in task_forces_of(kb, item, relation))
    if relation is Relation.RESPONSIBLE and isinstance(item, TaskForce):
        return item.responsible_units
    return units_of(kb, item, relation)


def _join(names: Sequence[str]) -> str:
    return texts.LIST_SEP.join(names) if names else texts.NONE


def _lines(items: Sequence[tuple[str, str]]) -> str:
    return "\n".join(
        texts.ITEM_DETAIL.format(number=n, name=name, detail=detail)
        if detail
        else texts.ITEM_LINE.format(number=n, name=name)
        for n, (name, detail) in enumerate(items, start=1)
    )


def _listed(what: str, items: Sequence[tuple[str, str]]) -> str:
    if not items:
        return texts.ITEMS_NONE.format(what=what)
    if len(items) > _DETAILED:
        return texts.ITEMS.format(what=what, count=len(items), items=_join([n for n, _ in items]))
    return texts.ITEMS_LINES.format(what=what, count=len(items), items=_lines(items))


def _tf_lines(tf: TaskForce) -> str:
    if tf.lead_is_responsible:
        return texts.LINES_INLINE_LEAD_IS_RESPONSIBLE.format(leads=_join(tf.lead_units))
    return texts.LINES_INLINE.format(
        leads=_join(tf.lead_units), responsibles=_join(tf.responsible_units)
    )


def _unit_detail(kb: KnowledgeBase, unit: Unit) -> str:
    parts = []
    led = task_forces_of(kb, unit, Relation.LEADS)
    responsible = task_forces_of(kb, unit, Relation.RESPONSIBLE)
    if led:
        parts.append(
            texts.DETAIL.format(label=texts.LABEL_LED, names=_join([tf.title for tf in led]))
        )
    if responsible:
        parts.append(
            texts.DETAIL.format(
                label=texts.LABEL_RESPONSIBLE_IN, names=_join([tf.title for tf in responsible])
            )
        )
    return "；".join(parts)


def _answer(
    query: Query,
    text: str,
    *,
    tfs: Sequence[TaskForce] = (),
    units: Sequence[Unit | str] = (),
    items: Sequence[str] = (),
    confident: bool = True,
) -> Answer:
    return Answer(
        query.intent,
        text,
        confident=confident,
        task_force_ids=tuple(dict.fromkeys(tf.id for tf in tfs)),
        unit_names=tuple(dict.fromkeys(u.name if isinstance(u, Unit) else u for u in units)),
        items=tuple(items),
    )


# -- lists and counts ----------------------------------------------------------------------


def _passes(kb: KnowledgeBase, item: TaskForce | Unit, flt: Filter) -> bool:
    if not _CMP[flt.cmp](_size(kb, item, flt.relation), flt.number):
        return False
    if flt.exclude is not None and _size(kb, item, flt.exclude):
        return False
    return flt.also is None or bool(_size(kb, item, flt.also))


def _list(kb: KnowledgeBase, query: Query) -> Answer:
    if query.over is Over.SUB_INDICATORS:
        return _sub_total(kb, query)
    flt = query.filter
    if flt is None:  # every task force, or every indicator
        return indicator_list(kb) if query.over is Over.INDICATORS else task_force_list(kb)
    if query.over is Over.UNITS:
        units = [u for u in _real_units(kb) if _passes(kb, u, flt)]
        text = _listed(_unit_filter_name(flt), [(u.name, _unit_detail(kb, u)) for u in units])
        if flt.relation is Relation.PARTICIPATES and flt.exclude is None:
            groups = [u.name for u in kb.units if u.kind is UnitKind.GROUP]
            text += "\n" + texts.UNITS_GROUPS_NOTE.format(count=len(groups), names=_join(groups))
        return _answer(query, text, units=units, items=[u.name for u in units])
    tfs = [tf for tf in kb.task_forces if _passes(kb, tf, flt)]
    if flt.relation is Relation.RESPONSIBLE and flt.number == 0 and flt.cmp == "=":
        what = texts.TF_NO_RESPONSIBLE
    else:
        cmp = texts.CMP[flt.cmp].format(n=flt.number)
        what = texts.TF_FILTER.format(label=_LABEL[flt.relation], cmp=cmp)
    detail_relation = Relation.LEADS if flt.relation is Relation.RESPONSIBLE else flt.relation
    rows = [
        (
            tf.name,
            texts.DETAIL.format(
                label=_LABEL[detail_relation], names=_join(_names_of(kb, tf, detail_relation))
            ),
        )
        for tf in tfs
    ]
    return _answer(query, _listed(what, rows), tfs=tfs, items=[tf.name for tf in tfs])


def _unit_filter_name(flt: Filter) -> str:
    if flt.exclude is Relation.LEADS:
        return texts.UNITS_ONLY_RESPONSIBLE
    if flt.exclude is Relation.RESPONSIBLE:
        return texts.UNITS_ONLY_LEAD
    if flt.also is not None:
        return texts.UNITS_BOTH_ROLES
    if flt.relation is Relation.LEADS and (flt.number > 1 or flt.cmp != ">="):
        return texts.UNITS_LEADING.format(cmp=texts.CMP[flt.cmp].format(n=flt.number))
    return texts.UNITS_ALL[flt.relation.value]


def _sub_total(kb: KnowledgeBase, query: Query) -> Answer:
    rows = [
        texts.SUB_TOTAL_ITEM.format(number=n, task_force=tf.name, count=len(tf.sub_indicators))
        for n, tf in enumerate(kb.task_forces, start=1)
    ]
    total = sum(len(tf.sub_indicators) for tf in kb.task_forces)
    text = texts.SUB_TOTAL.format(count=len(kb.task_forces), total=total, items="\n".join(rows))
    for tf in kb.task_forces:
        if tf.sub_indicator_count_mismatch:
            text += "\n" + texts.SUB_TOTAL_NOTE.format(
                declared=tf.declared_sub_indicator_count, listed=len(tf.sub_indicators)
            )
    return _answer(query, text, tfs=kb.task_forces)


# -- superlatives and comparisons ----------------------------------------------------------


def _extreme(kb: KnowledgeBase, query: Query) -> Answer:
    relation = query.relation or Relation.UNITS
    pool: Sequence[TaskForce | Indicator | Unit]
    if query.over is Over.UNITS:
        pool, what = _real_units(kb), texts.WHAT_UNITS
        label = texts.UNIT_MEASURE.get(relation.value, texts.UNIT_MEASURE["participates"])
    elif query.over is Over.INDICATORS:
        pool, what = kb.indicators, texts.WHAT_INDICATORS
        label = texts.INDICATOR_MEASURE.get(relation.value, texts.INDICATOR_MEASURE["task_forces"])
        relation = Relation.TASK_FORCES if relation is not Relation.SUB_INDICATORS else relation
    else:
        topics = [s for s in query.subjects if isinstance(s, TaskForce | Indicator)]
        pool = [
            tf
            for t in topics
            for tf in ((t,) if isinstance(t, TaskForce) else kb.task_forces_of(t))
        ]
        pool = pool or list(kb.task_forces)
        what, label = texts.WHAT_TASK_FORCES, _LABEL[relation]
    sizes = [(_size(kb, item, relation), item) for item in pool]
    ranked = sorted({size for size, _ in sizes}, reverse=query.op is Op.MOST)
    best = ranked[min(query.rank, len(ranked)) - 1]
    winners = [item for size, item in sizes if size == best]
    names = [_names_of(kb, item, relation) for item in winners]
    if query.rank > 1:
        rows = [(item.name, _join(found)) for item, found in zip(winners, names, strict=True)]
        more = texts.RANK_MORE if query.op is Op.MOST else texts.RANK_FEWER
        text = texts.RANKED.format(
            label=label, rank=query.rank, more=more, what=what, count=best, items=_lines(rows)
        )
    elif len(winners) == 1:
        template = texts.MOST if query.op is Op.MOST else texts.LEAST
        text = template.format(
            label=label, what=what, name=winners[0].name, count=best, names=_join(names[0])
        )
    else:
        template = texts.MOST_TIED if query.op is Op.MOST else texts.LEAST_TIED
        if best == 0:
            template = texts.LEAST_NONE
        rows = [
            (item.name, _join(found) if found else "")
            for item, found in zip(winners, names, strict=True)
        ]
        text = template.format(
            label=label, what=what, ties=len(winners), count=best, items=_lines(rows)
        )
    if query.claim is not None:  # a premise: is the one named the most?
        right = all(named in winners for named in query.claim.objects)
        text = (texts.YES if right else texts.NO) + text
    tfs = [w for w in winners if isinstance(w, TaskForce)]
    units = [w for w in winners if isinstance(w, Unit)]
    return _answer(query, text, tfs=tfs, units=units, items=[w.name for w in winners])


def _compare(kb: KnowledgeBase, query: Query) -> Answer:
    relation = query.relation or Relation.UNITS
    items = [s for s in query.subjects if isinstance(s, TaskForce | Indicator | Unit)]
    lines = []
    sizes = []
    for item in items:
        found = _names_of(kb, item, relation)
        sizes.append(len(found))
        if isinstance(item, Unit):
            label = texts.UNIT_MEASURE.get(relation.value, texts.UNIT_MEASURE["participates"])
        else:
            label = "的" + _LABEL[relation]
        lines.append(
            texts.COMPARE_LINE.format(
                name=item.name, label=label, count=len(found), names=_join(found)
            )
        )
    if len(sizes) == 2 and sizes[0] != sizes[1]:
        winner = items[0] if sizes[0] > sizes[1] else items[1]
        lines.append(texts.COMPARE_MORE.format(name=winner.name, diff=abs(sizes[0] - sizes[1])))
    elif len(sizes) == 2:
        lines.append(texts.COMPARE_SAME)
    return _answer(
        query,
        "\n".join(lines),
        tfs=[i for i in items if isinstance(i, TaskForce)],
        units=[i for i in items if isinstance(i, Unit)],
    )


# -- sets ----------------------------------------------------------------------------------


def _sets(kb: KnowledgeBase, query: Query) -> Answer:
    relation = query.relation or Relation.PARTICIPATES
    together = query.op is Op.INTERSECTION
    if query.over is Over.TASK_FORCES:
        units = [s for s in query.subjects if isinstance(s, Unit)]
        sets = [task_forces_of(kb, u, relation) for u in units]
        if together:
            found = [tf for tf in sets[0] if all(tf in other for other in sets[1:])]
            what = texts.TOGETHER_TASK_FORCES.format(
                units=texts.LIST_SEP.join(u.name for u in units), verb=texts.VERB[_verb(relation)]
            )
        else:
            found = [tf for tf in sets[0] if tf not in sets[1]]
            what = texts.APART_TASK_FORCES.format(
                first=units[0].name, second=units[1].name, verb=texts.VERB[_verb(relation)]
            )
        rows = [(tf.name, _roles(tf, units)) for tf in found]
        lines = [_listed(what, rows)]
        lines += [
            texts.SET_EACH.format(
                name=u.name, verb=texts.VERB[_verb(relation)], names=_join([tf.title for tf in s])
            )
            for u, s in zip(units, sets, strict=True)
        ]
        return _answer(
            query, "\n".join(lines), tfs=found, units=units, items=[tf.name for tf in found]
        )
    topics = [s for s in query.subjects if isinstance(s, TaskForce | Indicator)]
    name_sets = [units_of(kb, t, relation) for t in topics]
    label = _LABEL[relation]
    if together:
        found_names = [n for n in name_sets[0] if all(n in other for other in name_sets[1:])]
        what = texts.TOGETHER_UNITS.format(
            topics=texts.LIST_SEP.join(t.name for t in topics), label=label
        )
    else:
        found_names = [n for n in name_sets[0] if n not in name_sets[1]]
        what = texts.APART_UNITS.format(first=topics[0].name, second=topics[1].name, label=label)
    lines = [_listed(what, [(n, "") for n in found_names])]
    lines += [
        texts.FACT_COUNT.format(name=t.name, label=label, count=len(s), names=_join(s))
        for t, s in zip(topics, name_sets, strict=True)
    ]
    tfs = [
        tf for t in topics for tf in ((t,) if isinstance(t, TaskForce) else kb.task_forces_of(t))
    ]
    return _answer(query, "\n".join(lines), tfs=tfs, units=found_names, items=found_names)


def _verb(relation: Relation) -> str:
    return relation.value if relation in (Relation.LEADS, Relation.RESPONSIBLE) else "participates"


def _roles(tf: TaskForce, units: Sequence[Unit]) -> str:
    roles = []
    for unit in units:
        if unit.name in tf.lead_units:
            role = texts.LABEL_LEAD_RESPONSIBLE if tf.lead_is_responsible else texts.LABEL_LEADS
        else:
            role = texts.LABEL_RESPONSIBLE
        roles.append(texts.ROLE_OF.format(unit=unit.name, role=role))
    return "，".join(roles)


# -- yes/no --------------------------------------------------------------------------------


def _verify(kb: KnowledgeBase, query: Query) -> Answer:
    claim = query.claim
    assert claim is not None
    if not query.subjects:
        return _verify_total(kb, query)
    if claim.number is not None:
        return _verify_count(kb, query)
    subs = [o for o in claim.objects if isinstance(o, SubIndicatorRef)]
    topics = [s for s in query.subjects if isinstance(s, TaskForce | Indicator)]
    if claim.phrase:
        subs = _subs_named(kb, claim.phrase, _flat(kb, topics))
        if not subs:
            tfs = _flat(kb, topics)
            lines = [_sub_list(tf) for tf in tfs]
            return _answer(query, texts.NO + "\n".join(lines), tfs=tfs)
    if subs:
        return _verify_subs(kb, query, subs)
    blocks, all_true = [], True
    units = [o for o in claim.objects if isinstance(o, Unit)]
    for topic in topics:
        for tf in (topic,) if isinstance(topic, TaskForce) else kb.task_forces_of(topic):
            relation = claim.relation
            actual = units_of(kb, tf, relation)
            ok = all(u.name in actual for u in units) and (
                not claim.only or set(actual) == {u.name for u in units}
            )
            if isinstance(topic, Indicator) and not ok and len(topics) == 1:
                continue  # an umbrella indicator: only its task forces that match are told
            all_true = all_true and ok
            blocks.append(_fact(tf, relation, units))
    if not blocks:  # no task force of the umbrella indicator matches
        all_true = False
        blocks = [_fact(tf, claim.relation, units) for tf in _flat(kb, topics)]
    head = texts.YES if all_true else texts.NO
    return _answer(
        query, head + "\n".join(blocks), tfs=_flat(kb, topics), units=units, confident=True
    )


def _fact(tf: TaskForce, relation: Relation, asked: Sequence[Unit]) -> str:
    lines = []
    if relation is Relation.LEADS or (
        relation is Relation.PARTICIPATES and tf.lead_is_responsible
    ):
        if tf.lead_is_responsible:
            lines.append(
                texts.FACT_LEAD_IS_RESPONSIBLE.format(
                    task_force=tf.name, units=_join(tf.lead_units)
                )
            )
        elif len(tf.lead_units) > 1:
            lines.append(texts.FACT_CO_LEAD.format(task_force=tf.name, units=_join(tf.lead_units)))
        else:
            lines.append(texts.FACT_LEADS.format(task_force=tf.name, units=_join(tf.lead_units)))
    elif relation is Relation.RESPONSIBLE:
        if tf.lead_is_responsible:
            lines.append(
                texts.FACT_NO_RESPONSIBLE.format(task_force=tf.name, units=_join(tf.lead_units))
            )
        else:
            lines.append(
                texts.FACT_RESPONSIBLE.format(
                    task_force=tf.name, units=_join(tf.responsible_units)
                )
            )
    else:
        lines.append(
            texts.FACT_UNITS.format(
                task_force=tf.name,
                leads=_join(tf.lead_units),
                responsibles=_join(tf.responsible_units),
            )
        )
    for unit in asked:
        if (
            unit.name in tf.lead_units
            and relation is not Relation.LEADS
            and not tf.lead_is_responsible
        ):
            lines.append(
                texts.FACT_OTHER_ROLE.format(
                    unit=unit.name, task_force=tf.name, role=texts.LABEL_LEADS
                )
            )
        elif unit.name in tf.responsible_units and relation is Relation.LEADS:
            lines.append(
                texts.FACT_OTHER_ROLE.format(
                    unit=unit.name, task_force=tf.name, role=texts.LABEL_RESPONSIBLE
                )
            )
        elif unit.name not in (*tf.lead_units, *tf.responsible_units):
            lines.append(texts.FACT_NOT_IN.format(unit=unit.name, task_force=tf.name))
    return "".join(lines)


def _verify_count(kb: KnowledgeBase, query: Query) -> Answer:
    claim = query.claim
    assert claim is not None and claim.number is not None
    blocks, all_true, declared = [], True, False
    for subject in query.subjects:
        relation = claim.relation
        if isinstance(subject, Unit):
            if relation not in (Relation.LEADS, Relation.RESPONSIBLE):
                relation = Relation.PARTICIPATES
            found = [tf.name for tf in task_forces_of(kb, subject, relation)]
            text = texts.FACT_UNIT_COUNT.format(
                unit=subject.name,
                verb=texts.VERB[_verb(relation)],
                count=len(found),
                names=_join(found),
            )
        elif isinstance(subject, TaskForce | Indicator):
            found = list(_names_of(kb, subject, relation))
            if (
                isinstance(subject, TaskForce)
                and relation is Relation.SUB_INDICATORS
                and subject.sub_indicator_count_mismatch
                and claim.number in (subject.declared_sub_indicator_count, len(found))
            ):  # the document says both: neither yes nor no
                declared = True
                blocks.append(
                    texts.FACT_DECLARED.format(
                        declared=subject.declared_sub_indicator_count,
                        count=len(found),
                        names=_join(found),
                    )
                )
                continue
            text = texts.FACT_COUNT.format(
                name=subject.name, label=_LABEL[relation], count=len(found), names=_join(found)
            )
        else:
            continue
        all_true = all_true and len(found) == claim.number
        blocks.append(text)
    head = "" if declared and all_true else texts.YES if all_true else texts.NO
    topics = [s for s in query.subjects if isinstance(s, TaskForce | Indicator)]
    return _answer(
        query,
        head + "\n".join(blocks),
        tfs=_flat(kb, topics),
        units=[s for s in query.subjects if isinstance(s, Unit)],
    )


def _verify_total(kb: KnowledgeBase, query: Query) -> Answer:
    claim = query.claim
    assert claim is not None and claim.number is not None
    if query.over is Over.INDICATORS:
        actual = len(kb.indicators)
        text = texts.FACT_TOTAL_INDICATORS.format(count=actual, total=len(kb.task_forces))
    elif query.over is Over.SUB_INDICATORS:
        actual = sum(len(tf.sub_indicators) for tf in kb.task_forces)
        text = texts.FACT_TOTAL_SUB_INDICATORS.format(count=actual)
    else:
        actual = len(kb.task_forces)
        text = texts.FACT_TOTAL_TASK_FORCES.format(count=actual)
    head = texts.YES if actual == claim.number else texts.NO
    return _answer(query, head + text)


def _verify_subs(kb: KnowledgeBase, query: Query, subs: Sequence[SubIndicatorRef]) -> Answer:
    tfs = _flat(kb, [s for s in query.subjects if isinstance(s, TaskForce | Indicator)])
    lines, all_true = [], True
    for ref in subs:
        if ref.task_force in tfs:
            lines.append(
                texts.FACT_SUB_YES.format(sub=ref.sub.name, task_force=ref.task_force.name)
            )
        else:
            all_true = False
            lines.append(
                texts.FACT_SUB_NO.format(
                    sub=ref.sub.name,
                    task_force=_join([tf.name for tf in tfs]),
                    owner=ref.task_force.name,
                )
            )
    head = texts.YES if all_true else texts.NO
    return _answer(query, head + "\n".join(lines), tfs=tfs)


def _subs_named(
    kb: KnowledgeBase, phrase: str, mine: Sequence[TaskForce]
) -> list[SubIndicatorRef]:
    """Sub-indicators whose name holds the phrase (or the phrase holds the name), the
    subject's own first."""
    key = normalize(phrase)
    found = [
        SubIndicatorRef(tf, sub)
        for tf in (*mine, *(tf for tf in kb.task_forces if tf not in mine))
        for sub in tf.sub_indicators
        if key in normalize(sub.name) or (len(sub.name) >= 3 and normalize(sub.name) in key)
    ]
    return found[:1]


def _sub_list(tf: TaskForce) -> str:
    return texts.FACT_COUNT.format(
        name=tf.name,
        label=texts.LABEL_SUB_INDICATORS,
        count=len(tf.sub_indicators),
        names=_join([s.name for s in tf.sub_indicators]),
    )


def _flat(kb: KnowledgeBase, topics: Sequence[Topic]) -> list[TaskForce]:
    tfs: list[TaskForce] = []
    for t in topics:
        for tf in (t,) if isinstance(t, TaskForce) else kb.task_forces_of(t):
            if tf not in tfs:
                tfs.append(tf)
    return tfs


# -- activities, cards, choices ------------------------------------------------------------


def _search(kb: KnowledgeBase, query: Query) -> Answer:
    found: list[Found] = list(query.found)
    word = found[0].word
    tfs = [f.task_force for f in found]
    if len(found) == 1:
        (hit,) = found
        text = texts.SEARCH_ONE.format(
            word=word,
            task_force=hit.task_force.name,
            lines=unit_lines(hit.task_force),
            quote=quote(hit),
        )
    else:
        items = "\n".join(
            texts.SEARCH_ITEM.format(
                number=n,
                task_force=f.task_force.name,
                lines=_tf_lines(f.task_force),
                quote=quote(f),
            )
            for n, f in enumerate(found, start=1)
        )
        text = texts.SEARCH_MANY.format(word=word, count=len(found), items=items)
    return _answer(query, text, tfs=tfs, items=[tf.name for tf in tfs])


def card(tf: TaskForce) -> str:
    subs = texts.CARD_SUBS.format(
        count=len(tf.sub_indicators), names=_join([s.name for s in tf.sub_indicators])
    )
    return "\n".join(
        (
            texts.CARD.format(task_force=tf.name, lines=unit_lines(tf), subs=subs),
            texts.CARD_MORE.format(title=tf.title),
        )
    )


def _card(kb: KnowledgeBase, query: Query) -> Answer:
    tfs = _flat(kb, [s for s in query.subjects if isinstance(s, TaskForce | Indicator)])
    blocks = []
    for hit in query.found:
        blocks.append(
            texts.SEARCH_ONE.format(
                word=hit.word,
                task_force=hit.task_force.name,
                lines=unit_lines(hit.task_force),
                quote=quote(hit),
            )
        )
    if not query.found:
        blocks = [card(tf) for tf in tfs]
    else:
        tf = query.found[0].task_force
        blocks.append(
            texts.CARD_SUBS.format(
                count=len(tf.sub_indicators), names=_join([s.name for s in tf.sub_indicators])
            )
        )
        blocks.append(texts.CARD_MORE.format(title=tf.title))
        tfs = [tf]
    return _answer(query, "\n".join(blocks), tfs=tfs, items=[tf.name for tf in tfs])


def _choose(kb: KnowledgeBase, query: Query) -> Answer:
    rows = []
    names = []
    for choice in query.choices:
        if isinstance(choice, TaskForce):
            rows.append((choice.name, _tf_lines(choice)))
        elif isinstance(choice, SubIndicatorRef):
            rows.append((choice.sub.name, choice.task_force.name))
        else:
            rows.append((choice.name, ""))
        names.append(choice.sub.name if isinstance(choice, SubIndicatorRef) else choice.name)
    text = texts.CHOOSE.format(items=_lines(rows))
    return _answer(query, text, items=names, confident=False)


# -- English, out of scope -----------------------------------------------------------------


def _english_names(kb: KnowledgeBase, query: Query) -> Answer:
    lines = []
    for subject in query.subjects:
        if isinstance(subject, Unit):
            if subject.english is None:
                lines.append(texts.ENGLISH_NONE.format(name=subject.name))
                continue
            line = texts.ENGLISH_UNIT.format(name=subject.name, english=subject.english)
            if len(subject.english_names) > 1:
                line += texts.ENGLISH_UNIT_MORE.format(
                    others=" / ".join(subject.english_names[1:3])
                )
            lines.append(line)
        elif isinstance(subject, TaskForce | Indicator):
            indicator = subject if isinstance(subject, Indicator) else kb.indicator_of(subject)
            if indicator.english_names:
                lines.append(
                    texts.ENGLISH_TOPIC.format(
                        name=subject.name,
                        indicator=indicator.name,
                        english=indicator.english_names[0],
                    )
                )
            else:
                lines.append(texts.ENGLISH_NONE.format(name=subject.name))
        else:
            lines.append(texts.ENGLISH_NONE.format(name=subject.sub.name))
    topics = [s for s in query.subjects if isinstance(s, TaskForce | Indicator)]
    return _answer(
        query,
        "\n".join(lines),
        tfs=_flat(kb, topics),
        units=[s for s in query.subjects if isinstance(s, Unit)],
    )


def _out_of_scope(kb: KnowledgeBase, query: Query) -> Answer:
    assert query.scope is not None
    lines = [texts.NOT_IN_DOCUMENT.format(reason=query.scope.reason)]
    if query.found:
        hit = query.found[0]
        lines.append(
            texts.NOT_IN_DOCUMENT_RELATED.format(
                word=hit.word, task_force=hit.task_force.name, quote=quote(hit)
            )
        )
    examples: list[str] = []
    for subject in query.subjects[:1]:
        templates = texts.EXAMPLE_UNIT if isinstance(subject, Unit) else texts.EXAMPLE_TOPIC
        name = subject.sub.name if isinstance(subject, SubIndicatorRef) else subject.name
        examples += [t.format(name=name) for t in templates]
    examples = examples or list(texts.EXAMPLES_DEFAULT)
    lines.append(
        texts.NOT_IN_DOCUMENT_ASK.format(
            examples="\n".join(texts.EXAMPLE.format(question=q) for q in examples)
        )
    )
    return _answer(query, "\n".join(lines), confident=False)


def _in_english(kb: KnowledgeBase, result: Answer) -> Answer:
    """English names shown once beside each unit and task force named in the answer."""
    names = {u.name: u.english for u in kb.units if u.english}
    for tf in kb.task_forces:
        indicator = kb.indicator_of(tf)
        if len(indicator.task_force_ids) == 1 and indicator.english_names:
            names[tf.name] = indicator.english_names[0]
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    seen: set[str] = set()

    def annotate(match: re.Match[str]) -> str:
        name = match.group(0)
        if name in seen:
            return name
        seen.add(name)
        return texts.ENGLISH_PAIR.format(name=name, english=names[name])

    return Answer(
        result.intent,
        pattern.sub(annotate, result.text),
        confident=result.confident,
        task_force_ids=result.task_force_ids,
        unit_names=result.unit_names,
        items=result.items,
    )


_EVALUATORS: dict[Op, Callable[[KnowledgeBase, Query], Answer]] = {
    Op.LIST: _list,
    Op.COUNT: _list,
    Op.MOST: _extreme,
    Op.LEAST: _extreme,
    Op.COMPARE: _compare,
    Op.INTERSECTION: _sets,
    Op.DIFFERENCE: _sets,
    Op.VERIFY: _verify,
    Op.SEARCH: _search,
    Op.CARD: _card,
    Op.CHOOSE: _choose,
    Op.ENGLISH: _english_names,
    Op.OUT_OF_SCOPE: _out_of_scope,
}

__all__ = ["card", "evaluate", "normalize"]
