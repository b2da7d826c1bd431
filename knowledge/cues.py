"""Question cues: the words that tell what is asked, and the filler words around names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

# Stands in for a removed name or phrase in a compact text; never part of a compact text.
GAP = "|"


class Aspect(StrEnum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"
    MEMBERS = "members"
    SUB_INDICATORS = "sub_indicators"
    COUNT = "count"
    DUTIES = "duties"
    ASKS_TASK_FORCES = "asks_task_forces"
    ASKS_INDICATORS = "asks_indicators"
    TAKES_PART = "takes_part"
    GOAL = "goal"


def _phrases(words: Iterable[str]) -> str:
    """A regex alternative of literal phrases, longest first."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_ASK = r"(?:哪些|哪个|哪几个|哪几项|哪一个|什么|几个|几项|多少个?|多少项|所有|全部|一共|总共|共有)"

# Chinese cues are searched in the compact text (names already cut out), English cues in
# the space-separated word list, on word boundaries.
_CHINESE: dict[Aspect, str] = {
    Aspect.LEAD: _phrases(
        [
            "牵头",
            "谁负责",
            "谁来负责",
            "谁在负责",
            "哪个单位负责",
            "哪个部门负责",
            "哪家单位负责",
            "哪个单位管",
            "哪个部门管",
            "归谁",
            "归哪个",
            "谁管",
            "谁主管",
            "主管单位",
            "主管部门",
            "主责单位",
            "主责部门",
            "负责单位",
            "负责部门",
            "谁抓",
            "找谁",
            "找哪个部门",
            "找哪个单位",
            "找哪家",
            "找哪个局",
            "主抓",
        ]
    ),
    # "第一责任单位" is the working rule of 定期会商, not a responsible unit.
    Aspect.RESPONSIBLE: r"(?<!第一)责任(?:单位|部门)|"
    + _phrases(
        [
            "配合单位",
            "配合部门",
            "协办单位",
            "协作单位",
            "协同单位",
            "参与单位",
            "参加单位",
            "配合",
        ]
    ),
    Aspect.MEMBERS: _phrases(
        [
            "组成",
            "构成",
            "成员单位",
            "哪些单位",
            "哪几个单位",
            "哪几家单位",
            "哪些部门",
            "哪几个部门",
            "什么单位",
            "什么部门",
            "几个单位",
            "多少个单位",
            "多少单位",
            "几家单位",
            "涉及单位",
            "涉及哪些",
            "有谁",
            "都有谁",
            "单位有哪些",
            "部门有哪些",
            "有哪些单位",
            "参与",
            "参加",
        ]
    ),
    Aspect.SUB_INDICATORS: _phrases(
        [
            "二级指标",
            "子指标",
            "细分指标",
            "下级指标",
            "分项指标",
            "具体指标",
            "考核指标",
            "评价指标",
            "考核哪些",
            "考核什么",
            "考核内容",
            "评价哪些",
            "紧扣",
            "指标有哪些",
            "哪些指标",
            "什么指标",
            "几个指标",
            "几项指标",
            "多少个指标",
            "多少项指标",
            "指标包括",
            "指标包含",
            "考哪些",
            "考什么",
        ]
    ),
    Aspect.COUNT: _phrases(["几个", "几项", "几条", "几种", "多少", "数量", "个数", "有几"]),
    Aspect.DUTIES: _phrases(
        [
            "职责",
            "职能",
            "负责什么",
            "负责哪些工作",
            "负责啥",
            "干什么",
            "干啥",
            "做什么",
            "做啥",
            "管什么",
            "管啥",
            "工作内容",
            "主要任务",
            "任务是什么",
            "什么任务",
            "哪些任务",
            "工作任务",
            "工作范围",
            "主要工作",
            "作用",
            "是干什么",
            "围绕什么",
            "围绕哪些",
            "工作重点",
            "重点工作",
        ]
    ),
    Aspect.ASKS_TASK_FORCES: _ASK + r"(?:个)?(?:指标)?专班|专班(?:有哪些|有几个|有多少|清单|列表)",
    Aspect.ASKS_INDICATORS: (
        r"一级指标|" + _ASK + r"(?:个|项)?(?:营商环境)?指标(?!专班)"
        r"|指标(?:有哪些|有几个|有几项|有多少|清单|列表)"
    ),
    Aspect.TAKES_PART: _phrases(["参与", "参加", "涉及", "加入", "在哪些", "属于哪些"]),
    Aspect.GOAL: _phrases(
        [
            "工作目标",
            "目标是什么",
            "什么目标",
            "目的是什么",
            "什么目的",
            "为什么建立",
            "为什么要建立",
            "为什么成立",
            "建立的目的",
            "成立的目的",
        ]
    ),
}

_ENGLISH: dict[Aspect, str] = {
    Aspect.LEAD: (
        r"lead|leads|leading|leader|leaders|led|head|heads|headed|in charge|charge of"
        r"|who is responsible|who s responsible|whos responsible|owner|owns"
        r"|runs|coordinates|coordinating"
    ),
    Aspect.RESPONSIBLE: (
        r"responsible (?:unit|units|department|departments|agency|agencies|body|bodies"
        r"|organisations|organizations|parties)"
        r"|(?:supporting|cooperating|participating) (?:unit|units|departments|agencies)"
    ),
    Aspect.MEMBERS: (
        r"(?:which|what) (?:units|departments|agencies|bodies|organisations|organizations)"
        r"|members?|member units|consists?|made up|composed|composition|involved"
        r"|participat\w*|take part|takes part|units"
    ),
    Aspect.SUB_INDICATORS: (
        r"sub ?indicators?|second level|sub measures?|components?|metrics?|indicators?"
    ),
    Aspect.COUNT: r"how many|number of|count",
    Aspect.DUTIES: (
        r"duty|duties|responsibilities|mandate|tasks|remit|scope|focus|work on|role"
        r"|do(?! you)(?! i)|what .*responsible for"
    ),
    Aspect.ASKS_TASK_FORCES: r"task ?forces|taskforces",
    Aspect.ASKS_INDICATORS: r"indicators",
    Aspect.TAKES_PART: r"participat\w*|take part|takes part|involved|member of|belong\w*",
    Aspect.GOAL: r"goals?|purpose|objectives?|aims?",
}

_CHINESE_RE = {aspect: re.compile(pattern) for aspect, pattern in _CHINESE.items()}
_ENGLISH_RE = {aspect: re.compile(rf"\b(?:{pattern})\b") for aspect, pattern in _ENGLISH.items()}


# Words that place a question in the domain of the mechanism.
_DOMAIN_CHINESE = re.compile(r"专班|指标|营商|牵头|责任单位|成员单位|考核|评价|工作机制")
_DOMAIN_ENGLISH = re.compile(r"\b(?:task ?forces?|taskforces?|indicators?|business environment)\b")


def in_domain(compact: str, spaced: str) -> bool:
    """Whether the question speaks of task forces or indicators at all."""
    return bool(_DOMAIN_CHINESE.search(compact) or _DOMAIN_ENGLISH.search(spaced))


def detect(compact: str, spaced: str) -> frozenset[Aspect]:
    """The aspects a question asks about; `spaced` is its Latin words joined by spaces."""
    found = {aspect for aspect, pattern in _CHINESE_RE.items() if pattern.search(compact)}
    if spaced:
        found.update(aspect for aspect, pattern in _ENGLISH_RE.items() if pattern.search(spaced))
    return frozenset(found)


# Words that carry no name: question words, particles, politeness (the cue phrases, taken
# out by the cue patterns ahead of these, are not repeated here).
_FILLER_PHRASES = [
    "请问",
    "问一下",
    "问下",
    "想问",
    "我想",
    "想知道",
    "想了解",
    "了解一下",
    "了解",
    "知道",
    "告诉我",
    "麻烦",
    "帮我",
    "帮忙",
    "查一下",
    "查询",
    "查查",
    "看看",
    "一下",
    "你好",
    "您好",
    "谢谢",
    "这个",
    "那个",
    "这块",
    "这项",
    "目前",
    "现在",
    "当前",
    "今年",
    "我们",
    "咱们",
    "我区",
    "区里",
    "东丽区",
    "东丽",
    "天津市",
    "营商环境",
    "具体",
    "主要",
    "分别",
    "是谁",
    "什么",
    "哪个",
    "哪些",
    "哪几个",
    "哪家",
    "怎么",
    "如何",
    "怎样",
    "是否",
    "是不是",
    "对吗",
    "对不对",
    "还是",
    "以及",
    "或者",
    "还有",
    "关于",
    "对于",
    "下面",
    "下设",
    "其中",
    "所有",
    "全部",
    "一共",
    "总共",
    "属于",
    "负责",
    "工作",
    "指标",
    "专班",
    "单位",
    "部门",
    "机构",
    "方面",
    "情况",
    "内容",
    "名称",
    "可以",
    "应该",
    "需要",
    "同时",
    "也是",
    "成员",
    "责任",
    "领导",
    "第一",
    "有哪些",
    "包括",
    "包含",
    "都有",
    "分管",
    "由谁",
    "你们",
    "大家",
    "一般",
    "通常",
    "主要是",
]
_FILLER_CHARS = (
    "的是由谁有在和与及跟吗呢啊呀吧嘛哦啦了个些哪么啥都还也就又"
    "该各共为对把被给从向要会能请问归管叫家项条下里中你我您"
)
_ENGLISH_FILLERS = frozenset(
    {
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "where",
        "when",
        "how",
        "is",
        "are",
        "was",
        "were",
        "be",
        "the",
        "a",
        "an",
        "of",
        "for",
        "in",
        "on",
        "to",
        "at",
        "does",
        "do",
        "did",
        "lead",
        "leads",
        "led",
        "leading",
        "responsible",
        "unit",
        "units",
        "task",
        "force",
        "forces",
        "taskforce",
        "indicator",
        "indicators",
        "sub",
        "subindicator",
        "subindicators",
        "second",
        "level",
        "duties",
        "duty",
        "many",
        "much",
        "tell",
        "me",
        "about",
        "please",
        "show",
        "list",
        "members",
        "member",
        "and",
        "or",
        "its",
        "it",
        "this",
        "that",
        "their",
        "there",
        "with",
        "by",
        "under",
        "belong",
        "belongs",
        "part",
        "take",
        "takes",
        "participate",
        "participates",
        "involved",
        "charge",
        "department",
        "departments",
        "agency",
        "agencies",
        "can",
        "you",
        "i",
        "want",
        "know",
        "s",
        "main",
        "role",
        "roles",
        "function",
        "functions",
        "all",
        "give",
        "whats",
        "whos",
    }
)

_PHRASES_RE = re.compile(
    "|".join([*(_CHINESE[aspect] for aspect in Aspect), _phrases(_FILLER_PHRASES)])
)
_CHARS_RE = re.compile(f"[{re.escape(_FILLER_CHARS)}]")
_EDGE_CHARS = _FILLER_CHARS + GAP


def name_pieces(compact: str) -> list[str]:
    """The stretches of a compact text (names already cut out as GAP) that may hold a
    mistyped name: what is left between cue and filler phrases, trimmed of particles."""
    pieces = _PHRASES_RE.sub(GAP, compact).split(GAP)
    return [piece.strip(_EDGE_CHARS) for piece in pieces if piece.strip(_EDGE_CHARS)]


def leftover(compact: str) -> str:
    """What is left of a compact text once names (GAP), cues and fillers are taken out."""
    return _CHARS_RE.sub("", "".join(name_pieces(compact)))


def english_leftover(words: Iterable[str]) -> tuple[str, ...]:
    """The Latin words that are neither fillers nor cue words."""
    return tuple(word for word in words if word not in _ENGLISH_FILLERS)
