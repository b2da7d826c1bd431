"""The year's targets imported from a file an office member sends in chat.

handlers/roster_import.py hands over a stored sheet whose header names the targets'
columns (docs/targets.md). Row errors are listed and nothing is kept; otherwise a preview
(per task force: tasks, targets, new or replacing what was entered) asks for 确认, which
writes it all or nothing, or 取消. Only the office imports targets.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from handlers import sheet_files, texts
from handlers.context import Context
from knowledge import KnowledgeBase
from storage.models import Attachment
from storage.repositories import Repositories
from storage.roster.validate import Problem
from storage.targets.importer import TargetsImport, import_targets
from storage.targets.validate import parse_targets

AWAITING = "targets"
APPLIED = "targets.applied"
DROPPED = "targets.dropped"
ROSTER_AWAITING = "roster"
SOURCE = "targets.chat"


def _problems(attachment: Attachment, problems: list[Problem]) -> str:
    return sheet_files.problems_text(
        attachment, problems, texts.TARGETS_FILE_PROBLEMS, texts.TARGETS_FILE_PROBLEMS_HINT
    )


async def _tell(
    repos: Repositories, attachment: Attachment, text: str, now: datetime, *, ask: bool = False
) -> None:
    await sheet_files.tell(repos, attachment, text, now, source=SOURCE, ask=ask)


async def _compare(
    repos: Repositories, kb: KnowledgeBase, path: Path, actor: str, now: datetime, *, dry: bool
) -> TargetsImport:
    parsed = parse_targets(path, kb)
    return await import_targets(repos, parsed, now=now, actor=actor, dry_run=dry)


async def on_stored(
    repos: Repositories, kb: KnowledgeBase, path: Path, attachment: Attachment, now: datetime
) -> None:
    """A stored sheet of targets: the office gets its preview (or its row errors)."""
    name, values = attachment.file_name or "", {"id": attachment.id}
    if not await repos.registry.is_office(attachment.uploader):
        text = texts.TARGETS_FILE_NOT_OFFICE.format(name=name, **values)
        await _tell(repos, attachment, text, now)
        return
    result = await _compare(repos, kb, path, attachment.uploader, now, dry=True)
    if result.refused:
        await _tell(repos, attachment, _problems(attachment, result.problems), now)
        return
    if result.empty:
        text = texts.TARGETS_FILE_NO_CHANGE.format(name=name, **values)
        await _tell(repos, attachment, text, now)
        return
    earlier = await repos.attachments.latest_with_purpose(attachment.uploader, AWAITING)
    if earlier is not None:  # only the newest file awaits 确认
        await repos.attachments.set_purpose(earlier.id, DROPPED)
    await repos.attachments.set_purpose(attachment.id, AWAITING)
    head = texts.TARGETS_FILE_PREVIEW.format(name=name, **values)
    lines = [head, *sheet_files.limited(result.lines(kb)), texts.TARGETS_FILE_CONFIRM]
    await _tell(repos, attachment, "\n".join(lines), now, ask=True)


async def _awaiting(ctx: Context) -> Attachment | None:
    """The targets file awaiting 确认, unless a roster file sent later awaits it too."""
    attachments = ctx.repos.attachments
    found = await attachments.latest_with_purpose(ctx.user_key, AWAITING)
    roster = await attachments.latest_with_purpose(ctx.user_key, ROSTER_AWAITING)
    if found is None or (roster is not None and roster.id > found.id):
        return None
    return found


async def handle_answer(ctx: Context) -> bool:
    """确认 or 取消 from an office member with a targets file awaiting it."""
    handled, attachment = await sheet_files.office_answer(
        ctx,
        _awaiting,
        intent="targets.file",
        dropped=DROPPED,
        dropped_text=texts.TARGETS_FILE_DROPPED,
    )
    if attachment is None:
        return handled
    name = attachment.file_name or ""
    with sheet_files.sheet_path(attachment, sheet_files.stored_bytes(ctx, attachment)) as path:
        result = await _compare(ctx.repos, ctx.kb, path, ctx.user_key, ctx.now(), dry=False)
    await ctx.repos.attachments.set_purpose(attachment.id, APPLIED)
    if result.refused:  # the knowledge changed meanwhile in a way the file now breaks
        ctx.reply(_problems(attachment, result.problems))
        return True
    lines = [texts.TARGETS_FILE_APPLIED.format(name=name), *result.lines(ctx.kb)]
    ctx.reply("\n".join(sheet_files.limited(lines)))
    return True
