"""Roster questions in chat: who is the 联系人/分管领导/成员 of a task force or unit, and
which task forces am I on — answered to people on the roster and to the office."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.roles import TASK_FORCE_ROLES, Role
from handlers import texts
from handlers.context import Context
from knowledge.models import TaskForce, Unit
from knowledge.normalize import normalize
from storage.models import Person
from storage.repositories.registry import MemberView
from storage.roster.texts import ROLE_NAMES

ROLE_WORDS = (
    ("分管领导", Role.LEADER),
    ("联系人", Role.CONTACT),
    ("专班成员", Role.MEMBER),
    ("成员", Role.MEMBER),
)
"""Longest first: 专班成员 before 成员."""

NOT_ROLES = ("成员单位",)
"""“……联席会议成员单位” names a group of units, not people; that is a knowledge question."""

FILLER = re.compile(
    r"请问|请告诉我|查询|查一下|查查|告诉我|帮我|一下|谁是|是谁|是哪位|是哪些人|是哪些|有谁|都有谁|"
    r"有哪些人|有哪些|叫什么名字|叫什么|联系方式|电话|手机|现在|目前|的|吗|呢|啊|呀"
)
TASK_FORCE_MARK = re.compile(r"(指标)?专班$|指标$")

MINE = re.compile(
    r"我(?:的|是|在|属于|参加了?|参与了?|加入了?)?(?:哪个|哪些|什么|哪一个|哪)?专班"
    r"(?:的|是(?:哪个|哪些|什么)|有哪些)?"
)


@dataclass(frozen=True, slots=True)
class _Question:
    role: Role
    task_force: TaskForce | None = None
    unit: Unit | None = None
    unknown: str = ""
    suggestion: str | None = None


async def handle_roster_question(ctx: Context) -> bool:
    text = normalize(ctx.text)
    if MINE.fullmatch(re.sub("[吗呢啊呀]$", "", text)):
        ctx.intent = "roster.mine"
        if (person := await _allowed(ctx)) is not None:
            await _my_task_forces(ctx, person)
        return True
    question = _parse(ctx, text)
    if question is None:
        return False
    ctx.intent = "roster.people"
    if await _allowed(ctx) is None:
        return True
    if question.task_force is not None:
        await _task_force_people(ctx, question.task_force, question.role)
    elif question.unit is not None:
        await _unit_people(ctx, question.unit, question.role)
    else:
        hint = texts.ROSTER_SUGGESTION.format(name=question.suggestion)
        reply = texts.ROSTER_UNKNOWN_TASK_FORCE.format(text=question.unknown)
        ctx.reply(reply + (hint if question.suggestion else ""))
    return True


def _parse(ctx: Context, text: str) -> _Question | None:
    """A question naming a role and a task force or unit; None leaves it to the Q&A."""
    if any(word in text for word in NOT_ROLES):
        return None
    role = next((role for word, role in ROLE_WORDS if word in text), None)
    if role is None:
        return None
    for word, _ in ROLE_WORDS:
        text = text.replace(word, "")
    subject = FILLER.sub("", text)
    if not subject:
        return None
    task_force = ctx.kb.resolve_task_force(subject)
    if TASK_FORCE_MARK.search(subject):
        if task_force.item is not None:
            return _Question(role, task_force=task_force.item)
        guess = task_force.suggestion
        return _Question(role, unknown=subject, suggestion=guess.name if guess else None)
    unit = ctx.kb.resolve_unit(subject).item
    if unit is not None:
        return _Question(role, unit=unit)
    if task_force.item is not None:
        return _Question(role, task_force=task_force.item)
    return None


async def _allowed(ctx: Context) -> Person | None:
    """People on the roster and the office may ask (their roster entry); anyone else learns
    whom to ask (None)."""
    registry = ctx.repos.registry
    person = await registry.person(ctx.message.user_id)
    if person is not None and person.active:
        return person
    office = await registry.office_contacts()
    people = "、".join(f"{name}（{userid}）" for name, userid in office)
    ask = (
        texts.ROSTER_ASK_OFFICE.format(people=people)
        if office
        else texts.ROSTER_ASK_OFFICE_GENERIC
    )
    ctx.intent = "roster.denied"
    ctx.reply(texts.ROSTER_NOT_LISTED + ask)
    return None


async def _task_force_people(ctx: Context, task_force: TaskForce, role: Role) -> None:
    members = await ctx.repos.registry.members(task_force.id, roles=(role,))
    role_name = ROLE_NAMES[role]
    if not members:
        ctx.reply(texts.ROSTER_NOBODY.format(subject=task_force.name, role=role_name))
        return
    units = (*task_force.lead_units, *task_force.responsible_units)
    members.sort(key=lambda m: (units.index(m.unit) if m.unit in units else len(units), m.name))
    lines = [texts.ROSTER_TASK_FORCE_PEOPLE.format(task_force=task_force.name, role=role_name)]
    lines += [
        texts.ROSTER_TASK_FORCE_LINE.format(unit=m.unit or "", name=m.name, userid=m.userid)
        for m in members
    ]
    ctx.reply("\n".join(lines))


async def _unit_people(ctx: Context, unit: Unit, role: Role) -> None:
    members = await ctx.repos.registry.unit_members(unit.name, roles=(role,))
    role_name = ROLE_NAMES[role]
    if not members:
        ctx.reply(texts.ROSTER_NOBODY.format(subject=unit.name, role=role_name))
        return
    by_person: dict[tuple[str, str], list[str]] = {}
    for member in _in_document_order(ctx, members):
        names = by_person.setdefault((member.name, member.userid), [])
        names.append(ctx.kb.task_force(member.task_force_id).name)
    lines = [texts.ROSTER_UNIT_PEOPLE.format(unit=unit.name, role=role_name)]
    lines += [
        texts.ROSTER_UNIT_LINE.format(name=name, userid=userid, task_forces="、".join(names))
        for (name, userid), names in by_person.items()
    ]
    ctx.reply("\n".join(lines))


async def _my_task_forces(ctx: Context, person: Person) -> None:
    registry = ctx.repos.registry
    memberships = _in_document_order(ctx, await registry.memberships_of(ctx.message.user_id))
    lines = []
    if await registry.is_office(ctx.message.user_id):
        lines.append(texts.ROSTER_MINE_OFFICE.format(name=person.name))
    if memberships:
        lines.append(texts.ROSTER_MINE.format(name=person.name))
        lines += [
            texts.ROSTER_MINE_LINE.format(
                task_force=ctx.kb.task_force(m.task_force_id).name,
                role=ROLE_NAMES[m.role],
                unit=m.unit or "",
            )
            for m in memberships
        ]
    elif not lines:
        lines.append(texts.ROSTER_MINE_NONE.format(name=person.name))
    ctx.reply("\n".join(lines))


def _in_document_order(ctx: Context, members: list[MemberView]) -> list[MemberView]:
    order = {task_force.id: index for index, task_force in enumerate(ctx.kb.task_forces)}
    return sorted(
        members,
        key=lambda m: (order.get(m.task_force_id, len(order)), TASK_FORCE_ROLES.index(m.role)),
    )
