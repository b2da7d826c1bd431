"""The grammar: question shapes (knowledge.query.Shape) read into queries.

Each entry is a name, a pattern over the shape's text (names are the letters U, T, S, M; see
knowledge.query) and a builder that turns the match into a `Query`, or None when the entry
does not apply after all. Entries are tried in order; the first query built wins. To add a
kind of question, add an entry here (usually with one of the builders below) and rows to
tests/data/qa_queries.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge import texts
from knowledge.base import KnowledgeBase, SubIndicatorRef, Target
from knowledge.cues import name_pieces
from knowledge.models import Indicator, ScopeRule, TaskForce, Unit
from knowledge.query import Claim, Filter, Op, Over, Query, Relation, Shape, Slot
from knowledge.search import activity_index

Builder = Callable[[KnowledgeBase, Shape, re.Match[str]], Query | None]

NUM = r"(\d+|[一二两三四五六七八九十]{1,3})"
_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_AND = r"(?:和|与|跟|及|以及|、|同|还有|加上)"
_BOTH = r"(?:都|共同|同时|一起|均|全都|皆|共有|都有|重合|重叠|交叉|交集|相同|一样)"
# Two names with words of their own in between: "工信局负责的专班和发改委负责的专班有没有重叠".
_APART_NAMES = r"[^UTSM]{0,8}(?:和|与|跟)[^UTSM]{0,2}"
_ASKS_COUNT = re.compile(r"几|多少|数量|个数")
_YES_NO = re.compile(
    r"吗|吧|嘛|么$|是不是|是否|对吧|对吗|对不对|没错|是吧|不是吗|有没有|是没是|确定|真的|对么|对否"
)
_ONLY = re.compile(r"只有|只由|只是|只|就是|就|仅|单独|一家|独自|唯一|单单|光")
_COUNTED_CLAIM = re.compile(r"(?<!哪)(?:\d+|[一二两三四五六七八九十]{1,3})(?:个|家|项)")
_RULE_WORDS = re.compile(
    r"组织|怎么|如何|开展|谁来|人员|几个?人|多少个?人|人数|名单|要求|会商|开会"
)


def number(text: str) -> int | None:
    """A number written in digits or Chinese numerals (两, 十一), else None."""
    if text.isdigit():
        return int(text)
    if text in _DIGITS:
        return _DIGITS[text]
    if text == "十":
        return 10
    if text.startswith("十") and text[1:] in _DIGITS:
        return 10 + _DIGITS[text[1:]]
    if text.endswith("十") and text[:-1] in _DIGITS:
        return _DIGITS[text[:-1]] * 10
    if len(text) == 3 and text[1] == "十" and text[0] in _DIGITS and text[2] in _DIGITS:
        return _DIGITS[text[0]] * 10 + _DIGITS[text[2]]
    return None


def relation_word(text: str, *, default: Relation) -> Relation:
    """Which relation a question speaks of: 牵头, 责任单位 / 配合, or just taking part."""
    if re.search(r"(?<!第一)责任单位|配合|协办|协作|协同单位|负责配合", text):
        return Relation.RESPONSIBLE
    if "牵头" in text or "主抓" in text or "主管" in text:
        return Relation.LEADS
    if re.search(r"参与|参加|涉及|加入|在哪|都在|都有", text):
        return Relation.PARTICIPATES
    return default


def _measure_of_task_forces(text: str) -> Relation:
    if re.search(r"二级指标|子指标|细分指标|指标数|指标个数|考核指标|具体指标", text):
        return Relation.SUB_INDICATORS
    if "牵头" in text:
        return Relation.LEADS
    if re.search(r"(?<!第一)责任单位|配合", text):
        return Relation.RESPONSIBLE
    if re.search(r"单位|部门|成员|参与|参加|涉及", text):
        return Relation.UNITS
    return Relation.SUB_INDICATORS


def _over(text: str) -> Over:
    """What a superlative ranks: the noun after 最多的 or after the question word."""
    after = re.search(
        r"(?:最(?:多|少|大|小|高|低|重|轻|忙)|第[二三四五2-5](?:多|少))的(?:是)?(?:哪个|哪些|哪家|哪一个)?(单位|部门|专班|一级指标|指标|局)",
        text,
    )
    noun = after.group(1) if after else None
    if noun is None:
        asked = re.search(
            r"(?:哪个|哪些|哪一个|哪几个|哪家|哪几家|什么|那个|那家)(?:个|家|项)?(单位|部门|专班|指标专班|一级指标|指标|局|委)",
            text,
        )
        noun = asked.group(1) if asked else None
    if noun is None:
        if "U" in text and "T" not in text:  # "牵头专班最多的是财政局吗"
            return Over.UNITS
        if re.search(r"谁|哪个|哪家", text) and re.search(
            r"(?:牵头|参与|参加|负责)(?:的)?(?:专班|指标)", text
        ):
            return Over.UNITS
        return Over.TASK_FORCES
    if noun in ("单位", "部门", "局", "委"):
        return Over.UNITS
    if noun == "一级指标" or (noun == "指标" and re.search(r"指标(?:下|里|中)?.{0,4}专班", text)):
        return Over.INDICATORS
    return Over.TASK_FORCES


# -- builders ----------------------------------------------------------------------------


def _no_names(shape: Shape) -> bool:
    """No name but bare stems, and no number claimed in a yes/no question (that is verify's)."""
    claims = _COUNTED_CLAIM.search(shape.text) and _YES_NO.search(shape.text)
    return not claims and not any(not slot.weak for slot in shape.slots)


def superlative(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    text = shape.text
    op = (
        Op.LEAST
        if (match.group(1) or match.group("more")) in ("少", "小", "低", "轻")
        else Op.MOST
    )
    rank = number(match.group("rank") or "") or 1
    if not re.search(r"专班|指标|单位|部门|牵头|参与|谁|哪", text):
        return None
    topics = tuple(
        slot.pick(Indicator, TaskForce)
        for slot in shape.slots
        if slot.letter in "TM" and not slot.weak
    )
    over = _over(text)
    claimed = _YES_NO.search(text) is not None
    if over is Over.UNITS:
        relation = relation_word(text, default=Relation.PARTICIPATES)
        if relation is Relation.PARTICIPATES and re.search(r"(?<!第一)责任", text):
            relation = Relation.RESPONSIBLE
        units = _named(shape, "U", Unit)
        claim = Claim(relation, objects=units) if claimed and units else None
        if claim is not None:
            topics = ()
        return Query(
            op, Over.UNITS, relation, subjects=topics, claim=claim, text=shape.compact, rank=rank
        )
    if over is Over.INDICATORS:
        relation = Relation.SUB_INDICATORS if "二级指标" in text else Relation.TASK_FORCES
        return Query(op, Over.INDICATORS, relation, text=shape.compact, rank=rank)
    measure = _measure_of_task_forces(text)
    named = tuple(t for t in topics if isinstance(t, TaskForce))
    if claimed and named:  # "二级指标最多的是开办企业吧": the premise is checked
        claim = Claim(measure, objects=named)
        return Query(op, Over.TASK_FORCES, measure, claim=claim, text=shape.compact, rank=rank)
    return Query(op, Over.TASK_FORCES, measure, subjects=topics, text=shape.compact, rank=rank)


def co_led(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape) or _RULE_WORDS.search(shape.text):
        return None
    written = match.group("n") or match.group("n2")
    count = number(written) if written else None
    flt = Filter(Relation.LEADS, "=", count) if count else Filter(Relation.LEADS, ">=", 2)
    return _listing(shape, Over.TASK_FORCES, flt)


def single_led(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape) or _RULE_WORDS.search(shape.text):
        return None
    return _listing(shape, Over.TASK_FORCES, Filter(Relation.LEADS, "=", 1))


def no_responsible(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape) or _RULE_WORDS.search(shape.text):
        return None
    return _listing(shape, Over.TASK_FORCES, Filter(Relation.RESPONSIBLE, "=", 0))


_NOUN = r"二级指标|责任单位|配合单位|牵头单位|单位|部门"
_COUNTED_NOUN = re.compile(
    r"(?P<cmp>超过|多于|大于|不少于|至少|少于|不到|不足|小于|不超过)?(?P<n>\d+|[一二两三四五六七八九十]{1,3})"
    r"(?:个|家)(?P<plus>以上|及以上|以下)?(?P<noun>" + _NOUN + r")"
    r"|(?P<noun2>" + _NOUN + r")(?:只有|仅有|就|有|是|为)?"
    r"(?P<cmp2>超过|多于|大于|不少于|至少|少于|不到|不足|小于|不超过)?"
    r"(?P<n2>\d+|[一二两三四五六七八九十]{1,3})(?:个|家)(?P<plus2>以上|及以上|以下)?"
)
_NOUN_RELATION = {
    "二级指标": Relation.SUB_INDICATORS,
    "责任单位": Relation.RESPONSIBLE,
    "配合单位": Relation.RESPONSIBLE,
    "牵头单位": Relation.LEADS,
    "单位": Relation.UNITS,
    "部门": Relation.UNITS,
}
_COUNTED_NOUN_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _COUNTED_NOUN.pattern)
_CMP_WORDS = {
    "超过": ">",
    "多于": ">",
    "大于": ">",
    "以上": ">=",
    "及以上": ">=",
    "不少于": ">=",
    "至少": ">=",
    "少于": "<",
    "不到": "<",
    "不足": "<",
    "小于": "<",
    "以下": "<=",
    "不超过": "<=",
}


def count_filter(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    """Task forces with (more, fewer than) N sub-indicators, responsible units, units."""
    if not _no_names(shape):
        return None
    found = _COUNTED_NOUN.search(shape.text)
    if found is None:
        return None
    count = number(found.group("n") or found.group("n2") or "")
    if count is None:
        return None
    relation = _NOUN_RELATION[found.group("noun") or found.group("noun2")]
    words = [found.group(k) for k in ("cmp", "plus", "cmp2", "plus2") if found.group(k)]
    cmp = _CMP_WORDS.get(words[0], "=") if words else "="
    return _listing(shape, Over.TASK_FORCES, Filter(relation, cmp, count))


def totals(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    """How many task forces (一级指标) there are, asked with no name."""
    if not _no_names(shape):
        return None
    what = match.group("what") or match.group("what2")
    over = Over.INDICATORS if what in ("一级指标", "营商环境指标") else Over.TASK_FORCES
    return Query(Op.COUNT, over, text=shape.compact)


def units_only_responsible(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape):
        return None
    return _listing(
        shape, Over.UNITS, Filter(Relation.RESPONSIBLE, ">=", 1, exclude=Relation.LEADS)
    )


def units_only_lead(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape):
        return None
    return _listing(
        shape, Over.UNITS, Filter(Relation.LEADS, ">=", 1, exclude=Relation.RESPONSIBLE)
    )


def units_both_roles(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape):
        return None
    return _listing(shape, Over.UNITS, Filter(Relation.LEADS, ">=", 1, also=Relation.RESPONSIBLE))


def units_leading_several(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape):
        return None
    count = number(match.group("n")) if match.group("n") else None
    plus = bool(match.group("plus"))
    relation = Relation.LEADS if match.group("verb") == "牵头" else Relation.PARTICIPATES
    flt = Filter(relation, ">=" if plus or count is None else "=", count or 2)
    return _listing(shape, Over.UNITS, flt)


def all_units(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape):
        return None
    relation = relation_word(shape.text, default=Relation.PARTICIPATES)
    return _listing(shape, Over.UNITS, Filter(relation, ">=", 1))


def all_sub_indicators(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not _no_names(shape):
        return None
    return Query(Op.COUNT, Over.SUB_INDICATORS, text=shape.compact)


def _listing(shape: Shape, over: Over, flt: Filter) -> Query:
    op = Op.COUNT if _ASKS_COUNT.search(shape.text) else Op.LIST
    return Query(op, over, flt.relation, filter=flt, text=shape.compact)


def _named(shape: Shape, letters: str, *kinds: type) -> tuple[Target, ...]:
    seen: list[Target] = []
    for slot in shape.slots:
        if slot.letter in letters:
            target = slot.pick(*kinds)
            if target not in seen:
                seen.append(target)
    return tuple(seen)


def _units_set(shape: Shape, op: Op, *, pair: bool) -> Query | None:
    """Task forces common to (op INTERSECTION) or only in the first of (DIFFERENCE) units."""
    if "T" in shape.letters():
        return None
    units = _named(shape, "UM", Unit)
    if len(units) < 2 or (pair and len(units) != 2):
        return None
    relation = relation_word(shape.text, default=Relation.PARTICIPATES)
    return Query(op, Over.TASK_FORCES, relation, subjects=units, text=shape.compact)


def _topics_set(shape: Shape, op: Op, *, pair: bool) -> Query | None:
    """Units common to (INTERSECTION) or only in the first of (DIFFERENCE) task forces."""
    if "U" in shape.letters():
        return None
    topics = _named(shape, "TM", TaskForce, Indicator)
    if len(topics) < 2 or (pair and len(topics) != 2):
        return None
    relation = relation_word(shape.text, default=Relation.UNITS)
    if relation is Relation.PARTICIPATES:
        relation = Relation.UNITS
    return Query(op, Over.UNITS, relation, subjects=topics, text=shape.compact)


def sets(of_units: bool, op: Op) -> Builder:
    """The builder of a set question over units' task forces or task forces' units; "分别"
    asks for each one's set, not for what they share."""
    pair = op is Op.DIFFERENCE

    def build(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
        if not pair and "分别" in shape.text:
            return None
        return (_units_set if of_units else _topics_set)(shape, op, pair=pair)

    return build


def compare(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    letters = shape.letters()
    if len(shape.slots) != 2:
        return None
    if set(letters) <= set("UM") and "U" in letters:
        units = _named(shape, "UM", Unit)
        relation = relation_word(shape.text, default=Relation.PARTICIPATES)
        return Query(Op.COMPARE, Over.UNITS, relation, subjects=units, text=shape.compact)
    topics = _named(shape, "TMS", TaskForce, Indicator)
    topics = tuple(t.task_force if isinstance(t, SubIndicatorRef) else t for t in topics)
    if len(topics) != 2:
        return None
    return Query(
        Op.COMPARE,
        Over.TASK_FORCES,
        _measure_of_task_forces(shape.text),
        subjects=topics,
        text=shape.compact,
    )


_COUNTED = re.compile(NUM + r"(?:个|家|项|名)")
_SUB_PHRASE_NOISE = re.compile(
    r"[UTSM]|是不是|是否|不是|属于|包括|包含|有没有|之一|其中|二级指标|指标|专班|是|的|吗|吧|呢|有|里|中|么"
)


def verify(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    """A yes/no question: a number, units in a role, or a sub-indicator claimed of a subject."""
    text = shape.text
    has_unit = any(s.letter == "U" for s in shape.slots)
    has_topic = any(s.letter == "T" for s in shape.slots)
    topics = tuple(
        slot.pick(TaskForce, Indicator)
        for slot in shape.slots
        if slot.letter == "T" or (slot.letter == "M" and has_unit)
    )
    units = tuple(
        slot.pick(Unit)
        for slot in shape.slots
        if slot.letter == "U" or (slot.letter == "M" and has_topic)
    )
    if units and not topics:
        topics = _mistyped_topic(kb, shape)
    subs = tuple(slot.pick(SubIndicatorRef) for slot in shape.slots if slot.letter == "S")
    only = bool(_ONLY.search(text))
    counted = _COUNTED.search(text)
    if counted and text[max(0, counted.start() - 1) : counted.start()] != "哪":
        count = number(counted.group(1))
        about_units = units and text[counted.end() : counted.end() + 2] in ("专班", "指标")
        if count is not None and about_units:
            return _verify_count(shape, (), units, count, only)
        if count is not None and not (count == 1 and units and topics):
            return _verify_count(shape, topics, units, count, only)
    if topics and subs:
        return Query(
            Op.VERIFY,
            relation=Relation.SUB_INDICATORS,
            subjects=topics,
            claim=Claim(Relation.SUB_INDICATORS, objects=subs),
            text=shape.compact,
        )
    if topics and units:
        relation = relation_word(text, default=Relation.PARTICIPATES)
        return Query(
            Op.VERIFY,
            relation=relation,
            subjects=topics,
            claim=Claim(relation, objects=units, only=only),
            text=shape.compact,
        )
    if topics and "二级指标" in text:
        phrase = _SUB_PHRASE_NOISE.sub("", text)
        if len(phrase) >= 2:
            return Query(
                Op.VERIFY,
                relation=Relation.SUB_INDICATORS,
                subjects=topics,
                claim=Claim(Relation.SUB_INDICATORS, phrase=phrase),
                text=shape.compact,
            )
    return None


def _verify_count(
    shape: Shape, topics: tuple[Target, ...], units: tuple[Target, ...], count: int, only: bool
) -> Query | None:
    text = shape.text
    subject = topics or units
    if "二级指标" in text or (topics and re.search(r"(?<!一级)指标", text) and "专班" not in text):
        relation = Relation.SUB_INDICATORS
    elif re.search(r"(?<!第一)责任单位|配合单位", text):
        relation = Relation.RESPONSIBLE
    elif "牵头" in text:
        relation = Relation.LEADS
    elif topics and re.search(r"单位|部门", text):
        relation = Relation.UNITS
    elif topics and "专班" in text:
        relation = Relation.TASK_FORCES
    elif units:
        relation = Relation.PARTICIPATES
    elif "一级指标" in text or ("指标" in text and "专班" not in text):
        return Query(
            Op.VERIFY,
            Over.INDICATORS,
            Relation.TASK_FORCES,
            claim=Claim(Relation.TASK_FORCES, number=count),
            text=shape.compact,
        )
    elif "专班" in text:
        relation = Relation.TASK_FORCES
    else:
        return None
    if not subject:
        over = Over.SUB_INDICATORS if relation is Relation.SUB_INDICATORS else Over.TASK_FORCES
        return Query(
            Op.VERIFY, over, relation, claim=Claim(relation, number=count), text=shape.compact
        )
    return Query(
        Op.VERIFY,
        relation=relation,
        subjects=subject,
        claim=Claim(relation, number=count, only=only),
        text=shape.compact,
    )


def _mistyped_topic(kb: KnowledgeBase, shape: Shape) -> tuple[Target, ...]:
    """A task force named with a typo (获得电历) in a yes/no question about a unit."""
    for piece in name_pieces(re.sub("[UTSM]", "|", shape.text)):
        found = kb.mentions.fuzzy(piece)
        if found is not None and found.certain:
            topics = [t for t in found.item if isinstance(t, TaskForce | Indicator)]
            if topics:
                return (topics[0],)
    return ()


def topic_search(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    """Task forces that have to do with a word ("涉及金融的专班有哪些"), from the text."""
    if any(not slot.weak for slot in shape.slots):
        return None
    word = match.group("w") or match.group("w2") or match.group("w3")
    found = activity_index(kb).mentioning(word)
    if not found:
        rule = ScopeRule("not_in_text", texts.NOT_IN_TEXT.format(word=word), (), (), ())
        return Query(Op.OUT_OF_SCOPE, scope=rule, text=shape.compact)
    return Query(Op.SEARCH, Over.TASK_FORCES, found=tuple(found), text=shape.compact)


def english_name(kb: KnowledgeBase, shape: Shape, match: re.Match[str]) -> Query | None:
    if not shape.slots:
        return None
    targets = _named(shape, "UMTS", Unit, TaskForce, Indicator, SubIndicatorRef)
    return Query(Op.ENGLISH, subjects=targets, text=shape.compact)


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    pattern: re.Pattern[str]
    build: Builder


def _entry(name: str, pattern: str, build: Builder) -> Entry:
    return Entry(name, re.compile(pattern), build)


GRAMMAR: tuple[Entry, ...] = (
    _entry("english_name", r"英文|英语|english|翻译成英|外文名", english_name),
    _entry(
        "topic_search",
        r"(?:跟|和|(?<!参)与|涉及|关于|有关|相关|包含|提到|涉及到)(?P<w>[^UTSM]{2,6}?)(?:有关|相关|方面|类)?的(?:指标)?专班"
        r"|^(?P<w2>[^UTSM]{2,4})(?:类|方面|相关|有关)的(?:指标)?专班"
        r"|专班(?:跟|和|与)(?P<w3>[^UTSM]{2,6}?)(?:有关|相关)",
        topic_search,
    ),
    _entry(
        "co_led",
        r"(?:共同|联合|多家|多个|(?P<n>"
        + NUM[1:-1]
        + r")(?:个|家)|几家|不止一(?:个|家)|一起)(?:单位)?(?:共同|联合|一起)?牵头(?!单位)"
        r"|牵头单位(?:有|是|为)?(?:多个|不止一个|不唯一|超过一个|多于一个|多家)"
        r"|牵头单位不止|(?P<n2>\d+|[一二两三四五六七八九十]{1,3})(?:个|家)牵头单位(?:的|共同)",
        co_led,
    ),
    _entry("single_led", r"(?:只有一(?:个|家)|单独|独家|一家)(?:单位)?牵头", single_led),
    _entry(
        "no_responsible",
        r"没有责任单位|无责任单位|不设责任单位|没设责任单位|未设责任单位|未另设责任单位|没有配合单位"
        r"|只有牵头单位|牵头责任单位|牵头单位(?:同时|也|就|又)?是责任单位|牵头单位兼|牵头和责任是同一",
        no_responsible,
    ),
    _entry(
        "count_filter",
        r"(?:" + _COUNTED_NOUN_PLAIN + r").{0,3}(?:的)?(?:专班|指标|是|有)"
        r"|(?:哪些|哪几个|哪个|几个|多少个?)(?:专班|指标).{0,4}(?:" + _COUNTED_NOUN_PLAIN + ")",
        count_filter,
    ),
    _entry(
        "units_only_responsible",
        r"(?:只|仅|光)(?:当|是|做|作为|担任|参与|配合)?(?:了)?(?:责任单位|配合)"
        r"|从(?:不|没|没有|未)(?:当|担任)?(?:过)?牵头|没(?:有)?牵头(?:过|任何)|不牵头|未牵头(?:任何)?"
        r"|没当过牵头|不是牵头单位的",
        units_only_responsible,
    ),
    _entry(
        "units_only_lead",
        r"只(?:当|是|做)?牵头(?:单位)?(?:不|没|从不|从没)|只牵头(?![一二两三四五六七八九十\d])",
        units_only_lead,
    ),
    _entry(
        "units_both_roles",
        r"(?:既|又|同时|也).{0,4}牵头.{0,8}(?:又|也|还|同时).{0,4}(?:责任|配合)"
        r"|(?:既|又)(?:当|是)?(?:责任单位|配合).{0,6}(?:又|也)(?:当|是)?牵头"
        r"|牵头单位又是(?:其他)?(?:专班的)?责任单位|两种角色|身兼",
        units_both_roles,
    ),
    _entry(
        "units_leading_several",
        r"(?P<verb>牵头|参与|参加|负责|加入)(?:了)?(?:(?P<n>"
        + NUM[1:-1]
        + r")个|多个|不止一个|超过一个|多于一个|好几个)"
        r"(?P<plus>以上|及以上|或以上)?的?(?:专班|指标)",
        units_leading_several,
    ),
    _entry(
        "most",
        r"最(多|少|大|小|高|低|重(?!要)|轻|忙)|第(?P<rank>[二三四五2-5])(?P<more>多|少)|(?:第一多|数量第一|排第一|排名第一)",
        superlative,
    ),
    _entry(
        "totals",
        r"^(?:请问|问一下)?(?:咱们|我们)?(?:区|东丽区)?(?:一共|总共|共)?(?:有|设了|设立了|设)?(?:多少|几)(?:个|项)?(?P<what>指标专班|专班|一级指标|营商环境指标)"
        r"|(?P<what2>专班|一级指标|营商环境指标)(?:一共|总共|共|总计|合计)?(?:有|设了)?(?:多少|几)(?:个|项)?(?:啊|呀|呢|吗)?$",
        totals,
    ),
    _entry(
        "all_sub_indicators",
        r"二级指标(?:一共|总共|共|总计|合计|加起来|全部|总数)(?:有)?(?:多少|几)"
        r"|(?:一共|总共|共|总计|合计|全部|所有)(?:有)?(?:多少|几)个?二级指标"
        r"|(?:所有|全部)(?:的)?二级指标|二级指标(?:总数|总共|一共)|每个专班(?:各)?(?:有)?(?:几|多少)个?二级指标"
        r"|专班(?:一共|总共|共|总计)?(?:有|设)?(?:多少|几)个?二级指标|^几个二级指标一共",
        all_sub_indicators,
    ),
    _entry(
        "all_units",
        r"(?:一共|总共|共|总计|所有|全部|哪些|有几|多少)(?:有)?(?:多少|几)?(?:个|家)?(?:的)?(?:牵头单位|责任单位|单位|部门)"
        r"|(?:涉及|参与|参加)(?:了)?(?:多少|几)(?:个|家)?(?:单位|部门)"
        r"|(?:单位|部门)(?:一共|总共|共|总计)(?:有)?(?:多少|几)|(?:多少|几)(?:个|家)(?:单位|部门)(?:参与|参加)",
        all_units,
    ),
    _entry(
        "compare",
        r"[UMTS](?:和|与|跟|比|还是)[UMTS].{0,10}(?:哪个|谁|哪家|哪一个|谁的)?.{0,8}(?:多|少|更多|更少)",
        compare,
    ),
    _entry(
        "units_apart",
        r"[UM].{0,8}(?:但|而|却|可是|，)?[UM].{0,4}(?:不|没|没有|未)(?:参与|参加|在|牵头|是|当)|[UM]比[UM]多",
        sets(True, Op.DIFFERENCE),
    ),
    _entry(
        "units_together",
        r"[UM]"
        + _AND
        + r"?[UM](?:"
        + _AND
        + r"?[UM])*.{0,4}"
        + _BOTH
        + r"|[UM]"
        + _APART_NAMES
        + r"[UM][^UTSM]{0,12}"
        + _BOTH,
        sets(True, Op.INTERSECTION),
    ),
    _entry(
        "topics_apart",
        r"[TM].{0,10}(?:而|但|却|，)?[TM].{0,4}(?:没有|没|不是|不)(?:的)?(?:单位|责任|牵头)?|[TM]比[TM]多(?:了)?(?:哪些|什么)",
        sets(False, Op.DIFFERENCE),
    ),
    _entry(
        "topics_together",
        r"[TM]"
        + _AND
        + r"?[TM](?:"
        + _AND
        + r"?[TM])*.{0,10}"
        + _BOTH
        + r"|[TM]"
        + _APART_NAMES
        + r"[TM][^UTSM]{0,12}"
        + _BOTH,
        sets(False, Op.INTERSECTION),
    ),
    _entry(
        "verify",
        r"[UMTS].*(?:" + _YES_NO.pattern + r")|(?:" + _YES_NO.pattern + r").*[UMTS]"
        r"|" + NUM + r"(?:个|项).*(?:" + _YES_NO.pattern + r")"
        r"|(?:" + _YES_NO.pattern + r").*" + NUM + r"(?:个|项)",
        verify,
    ),
)


def read_grammar(kb: KnowledgeBase, shape: Shape) -> Query | None:
    for entry in GRAMMAR:
        match = entry.pattern.search(shape.text)
        if match is None:
            continue
        query = entry.build(kb, shape, match)
        if query is not None:
            return query
    return None


__all__ = ["GRAMMAR", "Entry", "Slot", "number", "read_grammar"]
