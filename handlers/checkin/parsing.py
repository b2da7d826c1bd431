"""Reading what a contact typed: control words, start commands, 是/否, sub-indicator numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from core.quarters import QUARTER_IN_TEXT, Quarter
from knowledge.models import SubIndicator
from knowledge.normalize import fold


class Control(StrEnum):
    BACK = "back"
    SKIP = "skip"
    CANCEL = "cancel"
    HELP = "help"
    PREVIEW = "preview"
    EDIT = "edit"
    RESUME = "resume"
    TAKE_OVER = "take_over"
    SUBMIT = "submit"
    RESTART = "restart"


_CONTROL_WORDS = {
    Control.BACK: ("上一步", "上一题", "返回", "back"),
    Control.SKIP: ("跳过", "略过", "skip"),
    Control.CANCEL: ("取消", "退出", "暂停", "稍后", "稍后再填", "cancel"),
    Control.HELP: ("帮助", "help", "?", "菜单", "功能"),
    Control.PREVIEW: ("预览", "查看", "preview"),
    Control.RESUME: ("继续", "继续填报", "填报", "季度报送", "季报", "check in", "checkin"),
    Control.TAKE_OVER: ("接管", "接管填报", "我来填"),
    Control.SUBMIT: ("确认提交", "提交", "确认", "submit"),
    Control.RESTART: ("重新开始", "从头开始", "重来", "restart"),
}
_WORD_TO_CONTROL = {word: control for control, words in _CONTROL_WORDS.items() for word in words}
_EDIT = re.compile(r"^(?:修改|改)\s*第?\s*(\d{1,2}|[一二三四五六七八九])\s*[项题]?$")
_CHINESE_NUMBERS = {digit: number for number, digit in enumerate("一二三四五六七八九", start=1)}
_START = re.compile(r"^(?:填报|季度报送|季报|check\s*-?\s*in)(?:\s+|$)(.*)$", re.IGNORECASE)
_TRAILING_PUNCTUATION = "。.!！~～ "
_YES = frozenset(
    {"是", "是的", "有", "对", "已召开", "召开了", "开了", "已形成", "形成了", "yes", "y"}
)
_NO = frozenset(
    {"否", "不是", "没有", "无", "没", "未召开", "没开", "没有召开", "未形成", "没形成"}
    | {"no", "n"}
)
# "否，人员外出学习" / "是，11月20日": the yes/no word first, then the rest of the answer.
_LEADING_YES_NO = re.compile(
    r"^\s*("
    + "|".join(re.escape(word) for word in sorted(_YES | _NO, key=len, reverse=True))
    + r")\s*[，,。.；;、:：!！\s]+(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_NONE_LAGGING = frozenset({"无", "没有", "都没有", "均无", "0", "无滞后", "没有滞后", "都正常"})
_ALL_LAGGING = frozenset({"全部", "都滞后", "全部滞后"})
_LIST_SEPARATORS = re.compile(r"[,，、;；\s和及]+")
QUESTION_MAX_CHARS = 20
_QUESTION_MARKS = re.compile(
    r"[?？]|吗|谁|哪|什么|多少|几个|怎么|如何|是否|\bwho\b|\bwhich\b|\bwhat\b|\bhow\b",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Full-width forms and case folded, spaces collapsed, trailing punctuation dropped."""
    return " ".join(fold(text).split()).rstrip(_TRAILING_PUNCTUATION)


@dataclass(frozen=True, slots=True)
class ControlWord:
    control: Control
    question: int = 0
    """For 修改N: N."""


def control_word(text: str) -> ControlWord | None:
    """The control word the whole message is, if it is one (a sentence is never one)."""
    word = clean(text)
    if control := _WORD_TO_CONTROL.get(word) or _WORD_TO_CONTROL.get(word.replace(" ", "")):
        return ControlWord(control)
    if _WORD_TO_CONTROL.get(word.rstrip("?")) is Control.HELP:
        # 帮助？ asks for help as 帮助 does; 确认？ is a question, not a confirmation.
        return ControlWord(Control.HELP)
    if match := _EDIT.match(word):
        number = match.group(1)
        return ControlWord(Control.EDIT, _CHINESE_NUMBERS.get(number) or int(number))
    return None


@dataclass(frozen=True, slots=True)
class StartCommand:
    quarter: Quarter | None
    task_force: str
    """What followed the command when it was not a quarter: a task force name, or ""."""


def start_command(text: str) -> StartCommand | None:
    """填报 / 季度报送 / check in, optionally followed by a quarter and a task force."""
    match = _START.match(fold(text).strip())
    if match is None:
        return None
    rest = match.group(1).strip()
    quarter = None
    if found := QUARTER_IN_TEXT.search(rest):
        try:
            quarter = Quarter.parse(found.group(0))
        except ValueError:
            return StartCommand(None, rest)
        rest = (rest[: found.start()] + rest[found.end() :]).strip()
    return StartCommand(quarter, rest.rstrip(_TRAILING_PUNCTUATION))


def yes_no(text: str) -> bool | None:
    word = clean(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


def leading_yes_no(text: str) -> tuple[bool, str] | None:
    """是/否 followed by more of the answer: (the yes/no, the rest); None otherwise."""
    match = _LEADING_YES_NO.match(text)
    if match is None:
        return None
    return match.group(1).lower() in _YES, match.group(2).strip()


class BadNumbers(ValueError):
    """Numbers outside the task force's sub-indicators, or names that match none."""

    def __init__(self, bad: list[str]) -> None:
        super().__init__(bad)
        self.bad = bad


def lagging(text: str, subs: list[SubIndicator]) -> list[SubIndicator] | None:
    """The sub-indicators named by number or exact name ("2,5", "2、5", "无").

    None when the text is not a list at all; BadNumbers when some entries match nothing.
    """
    word = clean(text)
    if word in _NONE_LAGGING:
        return []
    if word in _ALL_LAGGING:
        return list(subs)
    by_key = {str(sub.number): sub for sub in subs}
    by_key.update({clean(sub.name): sub for sub in subs})
    tokens = [token for token in _LIST_SEPARATORS.split(word) if token]
    if not tokens:
        return None
    chosen = [by_key.get(token.rstrip("项号")) for token in tokens]
    bad = [token for token, sub in zip(tokens, chosen, strict=True) if sub is None]
    if bad:
        if not any(token.isdigit() for token in tokens) and len(bad) == len(tokens):
            return None
        raise BadNumbers(bad)
    unique = {sub.number: sub for sub in chosen if sub is not None}
    return [unique[number] for number in sorted(unique)]


def looks_like_question(text: str) -> bool:
    """A question to the knowledge base rather than an answer ("谁牵头纳税？").

    Only short texts with a question word count, or texts ending as a question: a long
    progress report that mentions "如何" is an answer, not a question.
    """
    text = clean(text)
    if text.endswith(("?", "吗")):
        return True
    return len(text) <= QUESTION_MAX_CHARS and bool(_QUESTION_MARKS.search(text))


def text_length(text: str) -> int:
    """Characters that carry content: spaces and punctuation do not count toward a minimum."""
    return sum(1 for char in text if char.isalnum())
