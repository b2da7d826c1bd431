"""What a contact's words mean to the check-in: control words, start commands, lists, questions."""

from __future__ import annotations

import pytest

from core.quarters import Quarter
from handlers.checkin.parsing import (
    BadNumbers,
    Control,
    ControlWord,
    StartCommand,
    control_word,
    lagging,
    leading_yes_no,
    looks_like_question,
    start_command,
    yes_no,
)
from knowledge.models import SubIndicator

SUBS = [
    SubIndicator(1, "纳税次数"),
    SubIndicator(2, "缴纳税费时间"),
    SubIndicator(3, "纳税便利度"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上一步", ControlWord(Control.BACK)),
        ("跳过。", ControlWord(Control.SKIP)),
        ("取消", ControlWord(Control.CANCEL)),
        ("稍后", ControlWord(Control.CANCEL)),
        ("帮助", ControlWord(Control.HELP)),
        ("？", ControlWord(Control.HELP)),
        ("功能", ControlWord(Control.HELP)),
        ("帮助？", ControlWord(Control.HELP)),
        ("帮 助", ControlWord(Control.HELP)),
        ("确认？", None),
        ("预览", ControlWord(Control.PREVIEW)),
        ("继续", ControlWord(Control.RESUME)),
        ("接管", ControlWord(Control.TAKE_OVER)),
        ("确认提交", ControlWord(Control.SUBMIT)),
        ("修改3", ControlWord(Control.EDIT, 3)),
        ("修改 第2项", ControlWord(Control.EDIT, 2)),
        ("改第七题", ControlWord(Control.EDIT, 7)),
        ("修改１", ControlWord(Control.EDIT, 1)),
        ("继续推进改革", None),
        ("取消了两次会议", None),
    ],
)
def test_control_words_are_whole_messages(text: str, expected: ControlWord | None) -> None:
    assert control_word(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("填报", StartCommand(None, "")),
        ("季度报送", StartCommand(None, "")),
        ("Check in", StartCommand(None, "")),
        ("check-in", StartCommand(None, "")),
        ("填报 2026Q4", StartCommand(Quarter(2026, 4), "")),
        ("填报 2026年第四季度 纳税", StartCommand(Quarter(2026, 4), "纳税")),
        ("填报 2026Q4 paying_taxes", StartCommand(Quarter(2026, 4), "paying_taxes")),
        ("填报 开办企业", StartCommand(None, "开办企业")),
        ("填报说明在哪", None),
        ("谁负责填报", None),
    ],
)
def test_start_commands(text: str, expected: StartCommand | None) -> None:
    assert start_command(text) == expected


def test_yes_no_alone_and_with_more() -> None:
    assert (yes_no("是的"), yes_no("没有"), yes_no("也许")) == (True, False, None)
    assert leading_yes_no("否，人员外出学习") == (False, "人员外出学习")
    assert leading_yes_no("是 11月20日") == (True, "11月20日")
    assert leading_yes_no("有一些") is None


def test_lagging_by_number_or_name() -> None:
    assert [s.number for s in lagging("3,1", SUBS) or []] == [1, 3]
    assert [s.number for s in lagging("2、2；纳税便利度", SUBS) or []] == [2, 3]
    assert lagging("无", SUBS) == [] and lagging("全部", SUBS) == SUBS
    assert lagging("有一些", SUBS) is None
    with pytest.raises(BadNumbers) as error:
        lagging("1,4", SUBS)
    assert error.value.bad == ["4"]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("谁牵头纳税", True),
        ("纳税有哪些二级指标？", True),
        ("专班多久开一次会吗", True),
        ("无", False),
        ("本季度研究如何压缩办税时间，完成了电子税务局升级", False),
    ],
)
def test_questions_to_the_knowledge(text: str, question: bool) -> None:
    assert looks_like_question(text) is question
