"""Follow-up questions: "那责任单位呢", "它有几个二级指标", "第二个呢", "财政局呢", "英文叫什么".

A follow-up is answered by rewriting it into a whole question about what the previous answer
was about (`Memory`), then answering that like any other. Pure: the caller keeps the memory
(per user, in the database) and decides when it has expired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from knowledge import texts
from knowledge.answers import Answer, answer
from knowledge.base import KnowledgeBase, SubIndicatorRef
from knowledge.grammar import number
from knowledge.models import Indicator, TaskForce, Unit
from knowledge.query import shape_of

TOPIC, UNIT = "topic", "unit"

# What an answer was about, by the start of its intent.
_RELATIONS = {
    "lead_units": "leads",
    "unit_leads": "leads",
    "verify:leads": "leads",
    "responsible_units": "responsible",
    "unit_responsible": "responsible",
    "verify:responsible": "responsible",
    "units": "units",
    "summary": "units",
    "card": "units",
    "search": "units",
    "membership": "units",
    "unit_participation": "participates",
    "verify:participates": "participates",
    "sub_indicators": "sub_indicators",
    "sub_indicator_count": "sub_indicators",
    "verify:sub_indicators": "sub_indicators",
    "duties": "duties",
}
_ORDINAL = re.compile(
    r"^(?:那|那么|还有)?(?:第(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})(?:个|项|条|家|号)?(?P<rest>.*)"
    r"|(?P<bare>\d{1,2})(?:号|个)?[。.？?]?)$"
)
_ANAPHORA = re.compile(
    r"它们|它的|它|他们|其|该专班|这个专班|此专班|那个专班|这专班|该单位|这个单位|这家单位|这家|"
    r"该部门|这个部门|该指标|这个指标|上面这个|刚才那个|刚才这个|上一个|这一个"
)
_ENGLISH = re.compile(r"英文|英语|english|翻译", re.IGNORECASE)
_BARE = re.compile(r"[那么呢吗吧啊呀的还有再换成如果是要是改成问下一下请问？?！!。，,\s]")
_YES_NO = re.compile(r"吗|是不是|是否|有没有|对吧|对不对|么[？?]?$")
_LEADING = re.compile(r"^(?:那么|那|还有|再问|再|另外|然后|那它的|它的)")

# Whole questions a follow-up is rewritten into: (kind of subject, relation) → template.
_TEMPLATES = {
    (TOPIC, "leads"): "{s}由谁牵头",
    (TOPIC, "responsible"): "{s}的责任单位有哪些",
    (TOPIC, "units"): "{s}由哪些单位组成",
    (TOPIC, "participates"): "{s}由哪些单位组成",
    (TOPIC, "sub_indicators"): "{s}有哪些二级指标",
    (TOPIC, "duties"): "{s}的主要职责是什么",
    (UNIT, "leads"): "{s}牵头哪些专班",
    (UNIT, "responsible"): "{s}是哪些专班的责任单位",
    (UNIT, "units"): "{s}参与哪些专班",
    (UNIT, "participates"): "{s}参与哪些专班",
    (UNIT, "sub_indicators"): "{s}参与哪些专班",
    (UNIT, "duties"): "{s}参与哪些专班",
}
_MEMBERSHIP = {
    "leads": "{u}是{t}的牵头单位吗",
    "responsible": "{u}是{t}的责任单位吗",
}
_MEMBERSHIP_DEFAULT = "{u}参与{t}吗"
_ENGLISH_QUESTION = "{s}的英文名称"
# A follow-up that names no relation ("只有这两家吗") is about the one asked last.
_NAMES_RELATION = re.compile(
    r"牵头|责任|配合|指标|单位|部门|职责|工作|参与|英文|lead|responsible|indicator"
)
_HINTS = {"leads": "牵头", "responsible": "的责任单位", "sub_indicators": "的二级指标"}


@dataclass
class Memory:
    """What the last answer was about; stored as JSON between turns."""

    subject: str = ""
    kind: str = ""
    relation: str = ""
    items: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "kind": self.kind,
            "relation": self.relation,
            "items": self.items,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Memory:
        data = data or {}
        return cls(
            subject=str(data.get("subject", "")),
            kind=str(data.get("kind", "")),
            relation=str(data.get("relation", "")),
            items=[str(item) for item in data.get("items", [])],
        )

    @property
    def empty(self) -> bool:
        return not self.subject and not self.items


def answer_in_context(kb: KnowledgeBase, text: str, memory: Memory) -> tuple[Answer, Memory]:
    """The answer to `text` given what was talked about, and what to remember after it."""
    result = _answer(kb, text.strip(), memory)
    return result, remember(kb, result, memory)


def _answer(kb: KnowledgeBase, text: str, memory: Memory) -> Answer:
    if memory.empty:
        return answer(kb, text)
    compact = text.replace(" ", "")
    ordinal = _ORDINAL.match(compact)
    if ordinal and memory.items:
        index = number(ordinal.group("n") or ordinal.group("bare"))
        rest = _BARE.sub("", ordinal.group("rest") or "")
        if index is not None and 1 <= index <= len(memory.items) and len(rest) <= 12:
            item = memory.items[index - 1]
            return answer(kb, item + rest if rest else item)
    shape = shape_of(kb, text)
    own = [slot for slot in shape.slots if not slot.weak] or list(shape.slots)
    if memory.subject and not own and _ENGLISH.search(text):
        return answer(kb, _ENGLISH_QUESTION.format(s=memory.subject))
    if (
        memory.subject
        and _ANAPHORA.search(compact)
        and not any(_kind(s) == memory.kind for s in own)
    ):
        return answer(kb, _ANAPHORA.sub(memory.subject, compact, count=1))
    bare = not _BARE.sub("", re.sub("[UTSM]", "", shape.text))
    other_kind = memory.kind == TOPIC and all(slot.letter == "U" for slot in own)
    if own and memory.subject and (bare or (other_kind and _YES_NO.search(compact))):
        return answer(kb, _swap(kb, own, memory, relation=_relation_in(compact)))
    standalone = answer(kb, text)
    if own or standalone.confident or not memory.subject:
        return standalone
    rest = _LEADING.sub("", compact)
    hint = "" if _NAMES_RELATION.search(rest) else _HINTS.get(memory.relation, "")
    contextual = answer(kb, memory.subject + hint + rest)
    return contextual if contextual.confident else standalone


def _kind(slot: Any) -> str:
    return UNIT if slot.letter == "U" else TOPIC


def _relation_in(text: str) -> str:
    if re.search(r"(?<!第一)责任单位|配合", text):
        return "responsible"
    if "牵头" in text:
        return "leads"
    return ""


def _swap(kb: KnowledgeBase, slots: list[Any], memory: Memory, relation: str = "") -> str:
    """The last question asked again of the subject(s) just named ("财政局呢"), or a unit
    checked against the task force talked about ("检察院也在里面吗")."""
    targets = [slot.pick(Unit, TaskForce, Indicator, SubIndicatorRef) for slot in slots]
    if memory.kind == TOPIC and all(isinstance(t, Unit) for t in targets):
        template = _MEMBERSHIP.get(relation or memory.relation, _MEMBERSHIP_DEFAULT)
        return "；".join(template.format(u=t.name, t=memory.subject) for t in targets)
    if memory.kind == TOPIC:
        targets = [slot.pick(TaskForce, Indicator, SubIndicatorRef, Unit) for slot in slots]
    names = texts.LIST_SEP.join(_name(t) for t in targets)
    kind = UNIT if all(isinstance(t, Unit) for t in targets) else TOPIC
    template = _TEMPLATES.get((kind, memory.relation or "units"), _TEMPLATES[(kind, "units")])
    return template.format(s=names)


def _name(target: Any) -> str:
    return target.sub.name if isinstance(target, SubIndicatorRef) else target.name


def remember(kb: KnowledgeBase, result: Answer, memory: Memory) -> Memory:
    """What to keep after `result`: its one subject (else the previous one), its list."""
    relation = _RELATIONS.get(result.intent, memory.relation)
    subject, kind = memory.subject, memory.kind
    tfs = [kb.task_force(tf_id) for tf_id in result.task_force_ids]
    indicators = {tf.indicator_id for tf in tfs}
    umbrella = kb.indicator(next(iter(indicators))) if len(indicators) == 1 else None
    if result.intent.startswith("unit") and len(result.unit_names) == 1:
        subject, kind = result.unit_names[0], UNIT
    elif len(tfs) == 1:
        subject, kind = tfs[0].name, TOPIC
    elif umbrella is not None and len(tfs) == len(umbrella.task_force_ids):
        subject, kind = umbrella.name, TOPIC
    elif len(result.unit_names) == 1 and not tfs:
        subject, kind = result.unit_names[0], UNIT
    items = list(result.items) or memory.items
    return Memory(subject=subject, kind=kind, relation=relation, items=items)
