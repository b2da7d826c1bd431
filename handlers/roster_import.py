"""The roster imported from a file an office member sends in chat.

Once the attachment worker has stored an .xlsx/.csv sent outside a check-in, `on_stored`
reads it with the same reader and validator as `zhuanban roster import`: row errors are
listed, otherwise a preview of the changes asks for 确认 (applies it, all or nothing) or 取消
(drops it). Someone outside the office who sends a roster is told politely who imports it;
their file stays an attachment like any other. A sheet whose header names the targets'
columns goes to handlers/targets_import.py instead; an office member's sheet that is
neither is kept as an attachment with a note saying so.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from handlers import sheet_files, targets_import, texts
from handlers.context import Context
from handlers.notices import send_at
from knowledge import KnowledgeBase
from storage.files import FileStore
from storage.models import Attachment
from storage.repositories import Repositories
from storage.roster.importer import import_roster, parse_file
from storage.roster.reading import RosterFileError, read_table
from storage.roster.validate import ParsedRoster, Problem
from storage.targets.validate import looks_like_targets

AWAITING = "roster"
APPLIED = "roster.applied"
DROPPED = "roster.dropped"
SOURCE = "roster.chat"


def _read(path: Path, kb: KnowledgeBase) -> tuple[ParsedRoster, bool]:
    """The validated roster, and whether the file looks like a roster at all (a header
    with our columns)."""
    try:
        looks_like = len(read_table(path).columns) >= 3
    except RosterFileError:
        looks_like = False
    return parse_file(path, kb), looks_like


def _problems(attachment: Attachment, problems: list[Problem]) -> str:
    return sheet_files.problems_text(
        attachment, problems, texts.ROSTER_FILE_PROBLEMS, texts.ROSTER_FILE_PROBLEMS_HINT
    )


async def _tell(
    repos: Repositories, attachment: Attachment, text: str, now: datetime, *, ask: bool = False
) -> None:
    await sheet_files.tell(repos, attachment, text, now, source=SOURCE, ask=ask)


async def on_stored(
    repos: Repositories, kb: KnowledgeBase, store: FileStore, attachment: Attachment, now: datetime
) -> None:
    """Read a spreadsheet sent outside a check-in as a roster or the year's targets, by its
    header; the office is told when it is neither (the file stays an attachment)."""
    if attachment.purpose != "chat" or attachment.path is None:
        return
    data = store.read(attachment.path)
    if not sheet_files.is_sheet(attachment, data):
        return
    with sheet_files.sheet_path(attachment, data) as path:
        if looks_like_targets(path):
            await targets_import.on_stored(repos, kb, path, attachment, now)
            return
        parsed, looks_like = _read(path, kb)
    name, values = attachment.file_name or "", {"id": attachment.id}
    office = await repos.registry.is_office(attachment.uploader)
    if office and not looks_like:
        await _tell(repos, attachment, texts.SHEET_NEITHER.format(name=name, **values), now)
        return
    if not office:
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
    lines = [head, *sheet_files.limited(result.lines), texts.ROSTER_FILE_CONFIRM]
    await _tell(repos, attachment, "\n".join(lines), now, ask=True)


async def _awaiting(ctx: Context) -> Attachment | None:
    return await ctx.repos.attachments.latest_with_purpose(ctx.user_key, AWAITING)


async def handle_answer(ctx: Context) -> bool:
    """确认 or 取消 from an office member with a roster file awaiting it."""
    handled, attachment = await sheet_files.office_answer(
        ctx,
        _awaiting,
        intent="roster.file",
        dropped=DROPPED,
        dropped_text=texts.ROSTER_FILE_DROPPED,
    )
    if attachment is None:
        return handled
    name = attachment.file_name or ""
    with sheet_files.sheet_path(attachment, sheet_files.stored_bytes(ctx, attachment)) as path:
        parsed, _ = _read(path, ctx.kb)
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
