"""The roster imported from a file an office member sends in chat.

Once the attachment worker has stored an .xlsx/.csv sent outside a check-in, `on_stored`
reads it with the same reader and validator as `zhuanban roster import`: row errors are
listed, otherwise a preview of the changes asks for 确认 (applies it, all or nothing) or 取消
(drops it). Someone outside the office who sends a roster is told politely who imports it;
their file stays an attachment like any other.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from core.messages import Button, Card, Outbound, ToUsers
from handlers import texts
from handlers.context import Context
from handlers.notices import send_at
from knowledge import KnowledgeBase
from knowledge.normalize import normalize
from storage.files import FileStore, file_type
from storage.models import Attachment
from storage.repositories import Repositories
from storage.roster.importer import import_roster, parse_file
from storage.roster.reading import RosterFileError, read_table
from storage.roster.validate import ParsedRoster, Problem

ROSTER_TYPES = frozenset({"xlsx", "csv"})
PREVIEW_LINES = 20
"""Changes listed in the preview; WeCom texts stop at 2048 bytes."""
AWAITING = "roster"
APPLIED = "roster.applied"
DROPPED = "roster.dropped"
CONFIRM, CANCEL = "确认", "取消"
SOURCE = "roster.chat"


def _read(attachment: Attachment, data: bytes, kb: KnowledgeBase) -> tuple[ParsedRoster, bool]:
    """The validated roster, and whether the file looks like a roster at all (a header
    with our columns)."""
    suffix = "." + (file_type(attachment.file_name or "", data) or "bin")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("roster" + suffix)
        path.write_bytes(data)
        try:
            looks_like = len(read_table(path).columns) >= 3
        except RosterFileError:
            looks_like = False
        return parse_file(path, kb), looks_like


def _limited(lines: list[str]) -> list[str]:
    if len(lines) <= PREVIEW_LINES:
        return lines
    more = texts.ROSTER_FILE_MORE.format(count=len(lines) - PREVIEW_LINES)
    return [*lines[:PREVIEW_LINES], more]


def _problems(attachment: Attachment, problems: list[Problem]) -> str:
    head = texts.ROSTER_FILE_PROBLEMS.format(
        name=attachment.file_name or "", count=len(problems), id=attachment.id
    )
    lines = _limited([str(problem) for problem in problems])
    return "\n".join([head, *lines, texts.ROSTER_FILE_PROBLEMS_HINT])


async def _tell(
    repos: Repositories, attachment: Attachment, text: str, now: datetime, *, ask: bool = False
) -> None:
    """A message to the sender, with 确认/取消 buttons when it asks."""
    key = f"roster-file:{attachment.id}"
    if not ask:
        await repos.outbox.enqueue_text(
            [attachment.uploader], text, source=SOURCE, now=now, dedupe_key=key
        )
        return
    buttons = tuple(Button(label, value) for label, value in texts.ROSTER_FILE_CONFIRM_BUTTONS)
    await repos.outbox.enqueue(
        Outbound(ToUsers.of(attachment.uploader), Card(text, buttons)),
        source=SOURCE,
        now=now,
        dedupe_key=key,
    )


async def on_stored(
    repos: Repositories, kb: KnowledgeBase, store: FileStore, attachment: Attachment, now: datetime
) -> None:
    """Read a spreadsheet sent outside a check-in as a roster, if it is one."""
    if attachment.purpose != "chat" or attachment.path is None:
        return
    data = store.read(attachment.path)
    if file_type(attachment.file_name or "", data) not in ROSTER_TYPES:
        return
    name, values = attachment.file_name or "", {"id": attachment.id}
    parsed, looks_like = _read(attachment, data, kb)
    if not await repos.registry.is_office(attachment.uploader):
        if looks_like:
            who = "、".join(name for name, _ in await repos.registry.office_contacts())
            contact = texts.OFFICE_CONTACT_NAMED.format(names=who) if who else texts.OFFICE_CONTACT
            text = texts.ROSTER_FILE_NOT_OFFICE.format(name=name, contact=contact, **values)
            await _tell(repos, attachment, text, now)
        return
    result = await import_roster(
        repos.session, kb, parsed, now=now, actor=attachment.uploader, source=name, dry_run=True
    )
    if result.refused:
        await _tell(repos, attachment, _problems(attachment, result.problems), now)
        return
    if result.plan.empty:
        await _tell(
            repos, attachment, texts.ROSTER_FILE_NO_CHANGE.format(name=name, **values), now
        )
        return
    earlier = await repos.attachments.latest_with_purpose(attachment.uploader, AWAITING)
    if earlier is not None:  # only the newest file awaits 确认
        await repos.attachments.set_purpose(earlier.id, DROPPED)
    await repos.attachments.set_purpose(attachment.id, AWAITING)
    head = texts.ROSTER_FILE_PREVIEW.format(name=name, summary=result.plan.summary(), **values)
    lines = [head, *_limited(result.lines), texts.ROSTER_FILE_CONFIRM]
    await _tell(repos, attachment, "\n".join(lines), now, ask=True)


async def handle_answer(ctx: Context) -> bool:
    """确认 or 取消 from an office member with a roster file awaiting it."""
    word = normalize(ctx.text)
    if word not in (CONFIRM, CANCEL):
        return False
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        return False
    attachment = await ctx.repos.attachments.latest_with_purpose(ctx.user_key, AWAITING)
    if attachment is None or attachment.path is None:
        return False
    name = attachment.file_name or ""
    if word == CANCEL:
        ctx.intent = "roster.file.dropped"
        await ctx.repos.attachments.set_purpose(attachment.id, DROPPED)
        ctx.reply(texts.ROSTER_FILE_DROPPED.format(name=name, id=attachment.id))
        return True
    ctx.intent = "roster.file.applied"
    store = FileStore(ctx.settings.files_path())
    parsed, _ = _read(attachment, store.read(attachment.path), ctx.kb)
    result = await import_roster(
        ctx.repos.session,
        ctx.kb,
        parsed,
        now=ctx.now(),
        actor=ctx.user_key,
        source=name,
        notice_at=send_at(ctx, immediate=False),  # the office is told in office hours
    )
    await ctx.repos.attachments.set_purpose(attachment.id, APPLIED)
    if result.refused:  # the knowledge changed meanwhile in a way the file now breaks
        ctx.reply(_problems(attachment, result.problems))
    elif result.plan.empty:
        ctx.reply(texts.ROSTER_FILE_NO_CHANGE.format(name=name, id=attachment.id))
    else:
        ctx.reply(texts.ROSTER_FILE_APPLIED.format(name=name, summary=result.plan.summary()))
    return True
