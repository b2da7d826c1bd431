"""Activity search: the task forces whose duties or sub-indicators mention a piece of work."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge import texts
from knowledge.base import KnowledgeBase
from knowledge.matcher import Alias, NameIndex
from knowledge.models import Activity, SubIndicator, TaskForce
from knowledge.normalize import normalize

# A duty clause is quoted whole up to this length; longer ones are cut around the word.
_QUOTE_LENGTH = 60
_CLAUSES = re.compile(r"[^，。；]*")
# The clause of the duties that lists the sub-indicators: quoted as the sub-indicator.
_LISTS_SUBS = re.compile(r"紧扣|分别为|包括")
# Found words shorter than this are searched only through the activity table (电费, 注销).
_FREE_TEXT_MIN = 3
# Words of the duties too general to point at a task force.
_GENERAL = frozenset(
    [
        "开展工作",
        "丰富举措",
        "提质增效",
        "负责围绕",
        "相关情况",
        "等情况",
        "便利度",
        "便利程度",
        "难易程度",
        "二级指标",
        "分别为",
        "包括",
        "紧扣",
        "方面",
        "情况",
        "过程",
        "工作",
        "企业",
        "单位",
        "市场",
        "服务",
        "管理",
        "建设",
        "当地",
        "政府",
        "提高",
        "加强",
        "优化",
        "流程",
        "时间",
        "费用",
        "成本",
        "环节",
        "耗时",
        "指数",
        "水平",
        "能力",
        "质量",
        "制度",
        "机制",
        "体系",
        "监管",
        "方式",
        "应用",
        "程度",
        "相关",
        "进行",
        "通过",
        "以及",
        "推动",
        "提升",
        "发展",
        "衡量",
        "考察",
        "主要",
        "全过程",
        "全流程",
    ]
)


@dataclass(frozen=True, slots=True)
class Found:
    """A word of the question found in a task force's duties or sub-indicators."""

    word: str  # as the user wrote it
    term: str  # as the document writes it
    task_force: TaskForce
    sub: SubIndicator | None  # the sub-indicator that names it, if one does
    clause: str  # the duty clause that names it, else ""


def quote(found: Found) -> str:
    if found.sub is not None and not found.clause:
        return texts.QUOTE_SUB.format(name=found.sub.name)
    return texts.QUOTE.format(text=found.clause)


class ActivityIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._task_forces = kb.task_forces
        self._names = NameIndex(
            Alias(name, activity) for activity in kb.activities for name in activity.names
        )
        self._texts = {
            tf.id: normalize(tf.name + tf.duties + "".join(sub.name for sub in tf.sub_indicators))
            for tf in kb.task_forces
        }

    def find(self, compact: str) -> list[Found]:
        """Activities named in a compact question, each with the task forces it is in."""
        found: list[Found] = []
        for hit in self._names.scan(compact):
            activity: Activity = hit.item
            words = [activity.term] + (
                [hit.key] if normalize(hit.key) != normalize(activity.term) else []
            )
            for word in words:
                for tf in self._where(word):
                    if all(f.task_force != tf for f in found):
                        found.append(
                            _found(hit.key, activity.term if word != hit.key else word, tf)
                        )
        return found

    def mistyped(self, pieces: list[str]) -> list[Found]:
        """An activity of the table written with a typo (企业注消), when certain."""
        for piece in pieces:
            match = self._names.fuzzy(piece)
            if match is not None and match.certain:
                activity: Activity = match.item
                return [
                    _found(activity.term, activity.term, tf) for tf in self._where(activity.term)
                ]
        return []

    def free_text(self, pieces: list[str]) -> list[Found]:
        """Phrases of the document in what is left of a question (no activity table entry):
        the longest part of a piece that one or two task forces' texts contain."""
        for piece in pieces:
            for length in range(len(piece), _FREE_TEXT_MIN - 1, -1):
                for start in range(len(piece) - length + 1):
                    word = piece[start : start + length]
                    if word in _GENERAL or any(
                        g in word and len(g) >= length - 1 for g in _GENERAL
                    ):
                        continue
                    where = self._where(word)
                    if 0 < len(where) <= 2:
                        return [_found(word, word, tf) for tf in where]
        return []

    def mentioning(self, word: str) -> list[Found]:
        """Every task force whose name, duties or sub-indicators contain the word."""
        return [_found(word, word, tf) for tf in self._where(word)]

    def _where(self, word: str) -> list[TaskForce]:
        key = normalize(word)
        if len(key) < 2:
            return []
        return [tf for tf in self._task_forces if key in self._texts[tf.id]]


def _found(word: str, term: str, tf: TaskForce) -> Found:
    """Where in the task force the word is: the sub-indicator named by the word as written,
    else by the term, and the duty clause with the term (else the word)."""
    subs = [(normalize(s.name), s) for s in tf.sub_indicators]
    sub = next((s for name, s in subs if normalize(word) in name), None)
    sub = sub or next((s for name, s in subs if normalize(term) in name), None)
    key = normalize(term) if normalize(term) in normalize(tf.duties) else normalize(word)
    clause = ""
    for piece in _CLAUSES.findall(tf.duties):
        if key in normalize(piece):
            clause = piece.strip()
            if sub is None or not _LISTS_SUBS.match(clause):
                break
    if sub is not None and (_LISTS_SUBS.match(clause) or not clause):
        clause = ""
    if len(clause) > _QUOTE_LENGTH:
        at = clause.find(term) if term in clause else 0
        clause = clause[max(0, at - 20) : at + 40]
    return Found(word, term, tf, sub, clause)


@lru_cache(maxsize=8)
def activity_index(kb: KnowledgeBase) -> ActivityIndex:
    return ActivityIndex(kb)
