"""The check-in's questions, declared once.

Each entry of `QUESTIONS` says everything about one question: its key in `reports.answers`,
its title (the chat's header) and summary label (preview, 查看, reminders), and its fields:
prompt, help, the kind of answer and its limits, the condition under which it is asked, and
its export column. The conversation (form, interpret, render), the preview and receipt, the
office's 查看 and export and the reminders' "what is missing" all read this list, so adding a
question is one entry here; its answer is stored under its key, no migration needed.

The questionnaire's wording lives here beside its structure (as handlers/texts.py holds the
rest of what the bot says): a form definition is data, and one place is the point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.messages import Button
from knowledge.normalize import normalize

MAX_CHARS = 800
"""Longest free-text answer: a WeCom text message carries about 2,000 bytes, so longer
answers would reach the office as several messages (and rarely say more)."""


class Kind(StrEnum):
    """What an answer must be; interpret.py reads and validates each kind."""

    YES_NO = "yes_no"
    PAST_DAY = "past_day"
    """A day inside the quarter and not after today (a meeting that took place)."""
    FUTURE_DAY = "future_day"
    """Today or later (a planned day)."""
    TEXT = "text"
    PLAN = "plan"
    """Text with substance: "好的", "无" or "同上" say nothing about work."""
    COUNT = "count"
    """A whole number."""
    SUB_INDICATORS = "sub_indicators"
    """Some of the task force's sub-indicators, by number or name; each chosen one becomes an
    item whose `item_fields` are asked in turn."""
    FILE = "file"
    TARGETS = "targets"
    """The quarter's targets of the task force (docs/targets.md), put in the draft from the
    year's plan when the report is opened, never asked; each becomes an item whose
    `item_fields` are asked in turn. A draft without targets does not have the question."""
    PROGRESS = "progress"
    """完成 / 部分完成 / 未完成 (core.lights.Progress, stored by its value)."""


Condition = Callable[[dict[str, Any]], bool]
"""Whether a follow-up field is asked, given the question's answer object so far."""

YES_NO_BUTTONS = (Button("是", "是"), Button("否", "否"))
SKIP_BUTTONS = (Button("跳过", "跳过"),)
NO_LAGGING_BUTTONS = (Button("无滞后", "无"),)
PROGRESS_BUTTONS = (
    Button("完成", "完成"),
    Button("部分完成", "部分完成"),
    Button("未完成", "未完成"),
)


@dataclass(frozen=True, slots=True)
class Field:
    """One thing asked. `name` is its key inside the question's answer object; None when the
    question's answer is this field's bare value."""

    name: str | None
    kind: Kind
    prompt: str
    help: str
    label: str = ""
    """How the field is named in summaries and the export's column."""
    when: Condition | None = None
    optional: bool = False
    """跳过 answers it with null."""
    min_chars: int = 2
    max_chars: int = MAX_CHARS
    warn_above: int | None = None
    """A COUNT above this is possible but odd: accepted with a question whether it is right."""
    export: bool = True
    width: int = 11
    """The export column's width."""
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    title: str
    label: str
    """The short name in summaries (查看, the export, reminders)."""
    fields: tuple[Field, ...]
    """The first is always asked; the rest when their `when` holds."""
    item_fields: tuple[Field, ...] = ()
    """For a SUB_INDICATORS or TARGETS question: what is asked about each item."""
    summary: tuple[str, str] | None = None
    """For a 是/否 question: how the answer reads when yes and when no, with the fields by
    name ({date}); without, the fields are listed by label."""
    recall: str | None = None
    """The key of last quarter's answer shown before asking (the plan, before progress)."""
    legacy: Callable[[Any], dict[str, Any]] | None = None
    """For an object question that once was a bare value: the answer object an answer stored
    then reads as (so old reports stay readable)."""

    def field(self, name: str | None) -> Field:
        return next(f for f in (*self.fields, *self.item_fields) if f.name == name)

    @property
    def seeded(self) -> bool:
        """Its items come from the database, not from an answer (the quarter's targets)."""
        return self.fields[0].kind is Kind.TARGETS

    @property
    def is_object(self) -> bool:
        """Stored as an object of fields, rather than as a bare value."""
        return self.fields[0].name is not None

    def stored(self, value: Any) -> dict[str, Any]:
        """An object question's stored answer as its answer object ({} when none); a bare
        value kept before the question had fields reads as `legacy` says."""
        if isinstance(value, dict):
            return value
        if value is not None and self.legacy is not None:
            return self.legacy(value)
        return {}


def _held(meeting: dict[str, Any]) -> bool:
    return meeting.get("held") is True


def _not_held(meeting: dict[str, Any]) -> bool:
    return meeting.get("held") is False


def _formed(case: dict[str, Any]) -> bool:
    return case.get("formed") is True


NO_PROBLEM = frozenset({"无", "没有", "暂无", "无问题", "/", "-"})
"""Answers to 存在的问题和困难 that name none."""


def names_problem(problems: dict[str, Any]) -> bool:
    """Whether the 存在的问题和困难 answer names a problem (is not 无)."""
    text = problems.get("text")
    return isinstance(text, str) and bool(text.strip()) and normalize(text) not in NO_PROBLEM


def _listed_before(text: Any) -> dict[str, Any]:
    """A problems answer stored as bare text, before the contact marked it: the office saw
    every such answer as a candidate, so it counts as marked."""
    return {"text": text, "listed": True}


QUESTIONS: tuple[Question, ...] = (
    Question(
        key="meeting",
        title="调度会商会议",
        label="会商会议",
        summary=("已召开，{date}", "未召开。原因：{reason}；计划召开日期：{planned}"),
        fields=(
            Field(
                "held",
                Kind.YES_NO,
                prompt="本季度是否召开了调度会商会议？请回复“是”或“否”"
                "（召开了也可以直接回复会议日期）。",
                help="专班每季度至少召开一次调度会商会议。"
                "召开了回复“是”（或直接回复日期），没有召开回复“否”。",
                label="召开会商会议",
                width=8,
                buttons=YES_NO_BUTTONS,
            ),
            Field(
                "date",
                Kind.PAST_DAY,
                prompt="会议是哪天召开的？例如：2026-11-20、11月20日、11.20、上周五、昨天。",
                help="请回复会议召开的日期：须在本季度内，且不晚于今天。",
                label="会议日期",
                when=_held,
            ),
            Field(
                "reason",
                Kind.PLAN,
                prompt="本季度未召开调度会商会议的原因是什么？",
                help="请简要说明本季度没有召开会商会议的原因。",
                label="未召开原因",
                when=_not_held,
                min_chars=4,
                width=24,
            ),
            Field(
                "planned",
                Kind.FUTURE_DAY,
                prompt="计划哪天召开？例如：12月10日、下周三。",
                help="请回复计划召开会议的日期（今天或以后）。",
                label="计划召开日期",
                when=_not_held,
            ),
        ),
    ),
    Question(
        key="progress",
        title="工作推进情况",
        label="工作推进情况",
        recall="next_plan",
        fields=(
            Field(
                None,
                Kind.PLAN,
                prompt="请说明本季度的工作推进情况（至少20字）。",
                help="请写本季度围绕指标做了哪些工作、进展和成效，至少20字。",
                label="工作推进情况",
                min_chars=20,
                width=50,
            ),
        ),
    ),
    Question(
        key="targets",
        title="季度目标完成情况",
        label="季度目标完成情况",
        fields=(
            Field(
                None,
                Kind.TARGETS,
                prompt="本季度的目标来自区营商环境办公室录入的年度工作方案，将逐条询问完成情况。",
                help="目标由区营商环境办公室录入；如目标有误，请联系办公室修改。",
                label="季度目标数",
                export=False,
            ),
        ),
        item_fields=(
            Field(
                "progress",
                Kind.PROGRESS,
                prompt="本季度目标“{no}. {name}”完成了吗？请回复“完成”“部分完成”或“未完成”。",
                help="对照年度工作方案中本季度的目标，如实回复“完成”“部分完成”或“未完成”。",
                label="完成情况",
                width=10,
                buttons=PROGRESS_BUTTONS,
            ),
            Field(
                "evidence",
                Kind.PLAN,
                prompt="请说明“{no}. {name}”的完成情况和佐证（做了什么、数据、文件名或链接）。",
                help="请写清完成了哪些、用什么佐证；部分完成或未完成请说明差距和原因。",
                label="完成情况说明",
                min_chars=4,
                width=40,
            ),
            Field(
                "attachment",
                Kind.FILE,
                prompt="如有佐证材料，请直接发送文件；没有请回复“跳过”。",
                help="可以发送佐证材料（文件、图片）；没有材料回复“跳过”。",
                label="佐证材料",
                optional=True,
                export=False,
                buttons=SKIP_BUTTONS,
            ),
        ),
    ),
    Question(
        key="lagging",
        title="二级指标进展",
        label="滞后二级指标",
        fields=(
            Field(
                None,
                Kind.SUB_INDICATORS,
                prompt="{task_force}的二级指标：\n{items}\n"
                "哪些指标进展滞后？请回复编号，多个用逗号分隔（如“2,5”）；都没有滞后请回复“无”。",
                help="对照专班的二级指标，回复进展滞后的编号；都按计划推进请回复“无”。"
                "之后会逐个询问滞后原因和整改措施。",
                label="滞后二级指标数",
                width=8,
                buttons=NO_LAGGING_BUTTONS,
            ),
        ),
        item_fields=(
            Field(
                "reason",
                Kind.PLAN,
                prompt="二级指标“{no}. {name}”滞后的原因是什么？",
                help="请说明该二级指标进展滞后的原因。",
                label="滞后原因",
                min_chars=4,
                width=40,
            ),
            Field(
                "measure",
                Kind.PLAN,
                prompt="针对“{no}. {name}”，下一步的整改措施是什么？",
                help="请说明准备采取的整改措施和时间安排。",
                label="整改措施",
                min_chars=4,
                width=40,
            ),
        ),
    ),
    Question(
        key="problems",
        title="存在的问题和困难",
        label="存在的问题和困难",
        legacy=_listed_before,
        fields=(
            Field(
                "text",
                Kind.TEXT,
                prompt="目前存在哪些问题和困难？没有请回复“无”。",
                help="请写工作中遇到的问题和需要协调解决的困难；没有请回复“无”。",
                label="存在的问题和困难",
                min_chars=1,
                width=40,
            ),
            Field(
                "listed",
                Kind.YES_NO,
                prompt="以上问题是否需要列入问题清单、交办协调解决？请回复“是”或“否”。",
                help="需要区营商环境办公室列入问题清单、交办责任单位协调解决的，回复“是”；"
                "专班自行解决的，回复“否”。",
                label="列入问题清单",
                when=names_problem,
                width=8,
                buttons=YES_NO_BUTTONS,
            ),
        ),
    ),
    Question(
        key="next_plan",
        title="下季度工作计划",
        label="下季度工作计划",
        fields=(
            Field(
                None,
                Kind.PLAN,
                prompt="下季度的工作计划是什么？",
                help="请写下季度准备推进的主要工作。下季度填报时会显示这份计划供对照。",
                label="下季度工作计划",
                min_chars=8,
                width=40,
            ),
        ),
    ),
    Question(
        key="case",
        title="典型案例",
        label="典型案例",
        summary=("已形成：《{title}》{media_id}", "未形成"),
        fields=(
            Field(
                "formed",
                Kind.YES_NO,
                prompt="本季度是否形成了典型案例？请回复“是”或“否”。",
                help="典型案例指可复制推广的经验做法。形成了回复“是”，之后填写标题；没有回复“否”。",
                label="形成典型案例",
                width=8,
                buttons=YES_NO_BUTTONS,
            ),
            Field(
                "title",
                Kind.TEXT,
                prompt="请回复典型案例的标题。",
                help="请回复典型案例的标题，例如“‘一窗通办’压缩开办时间至1个工作日”。",
                label="案例标题",
                when=_formed,
                min_chars=4,
                max_chars=60,
                width=30,
            ),
            Field(
                "media_id",
                Kind.FILE,
                prompt="如有案例材料，请直接发送文件；没有请回复“跳过”。",
                help="可以发送案例的Word或PDF文件；没有材料回复“跳过”。",
                label="案例材料",
                when=_formed,
                optional=True,
                export=False,
                buttons=SKIP_BUTTONS,
            ),
        ),
    ),
    Question(
        key="benchmark",
        title="对标学习先进地区经验",
        label="对标学习",
        fields=(
            Field(
                None,
                Kind.TEXT,
                prompt="本季度对标学习了哪些先进地区的经验做法？（选填，不填请回复“跳过”）",
                help="可写学习借鉴了哪些先进地区的哪些做法；这一题选填，不填回复“跳过”。",
                label="对标学习先进地区经验",
                optional=True,
                width=40,
                buttons=SKIP_BUTTONS,
            ),
        ),
    ),
)


def question(key: str) -> Question:
    return next(q for q in QUESTIONS if q.key == key)
