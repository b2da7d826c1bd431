"""附件: list attachments (all, pending, or one task force's) and fetch one back into chat."""

from __future__ import annotations

from core.messages import File
from handlers import attachments as kept
from handlers import texts
from handlers.context import Context
from handlers.office.args import is_quarter, parse_quarter, resolve_task_force, split
from handlers.office.common import audit
from storage.files import FileStore, store_ref
from storage.repositories.attachments import PENDING, STORED

LISTED = 20
PENDING_WORDS = frozenset({"待下载", "待处理", "未下载", "pending"})


async def attachments(ctx: Context, args: str) -> None:
    first, rest = split(args, 1)
    if first.lstrip("#").isdigit():
        await fetch(ctx, int(first.lstrip("#")))
        return
    repos = ctx.repos.attachments
    if first in PENDING_WORDS:
        found = await repos.listing(status=PENDING, limit=LISTED)
        title = texts.ATTACHMENTS_PENDING_TITLE
    elif first and is_quarter(first):
        found = await repos.listing(period_id=parse_quarter(first).id, limit=LISTED)
        title = texts.ATTACHMENTS_TITLE
    elif first:
        task_force = resolve_task_force(ctx.kb, first)
        period_id = parse_quarter(rest).id if rest.strip() else None
        found = await repos.listing(task_force_id=task_force.id, period_id=period_id, limit=LISTED)
        title = texts.ATTACHMENTS_TITLE
    else:
        found = await repos.listing(limit=LISTED)
        title = texts.ATTACHMENTS_TITLE
    if not found:
        ctx.reply(texts.ATTACHMENTS_NONE)
        return
    lines = [title.format(count=len(found))]
    lines += [kept.line(attachment, ctx.kb, place=True) for attachment in found]
    ctx.reply("\n".join(lines))


async def fetch(ctx: Context, attachment_id: int) -> None:
    """Send the file back to the office member as a WeCom file (uploaded anew)."""
    attachment = await ctx.repos.attachments.get(attachment_id)
    if attachment is None:
        ctx.reply(texts.ATTACHMENT_NOT_FOUND.format(id=attachment_id))
        return
    if attachment.status != STORED or attachment.path is None:
        status = kept.status_text(attachment)
        ctx.reply(texts.ATTACHMENT_NOT_READY.format(id=attachment.id, status=status))
        return
    if not FileStore(ctx.settings.files_path()).verify(attachment.path, attachment.sha256 or ""):
        ctx.reply(texts.ATTACHMENT_MISSING_ON_DISK.format(id=attachment.id))
        return
    name = kept.shown_name(attachment)
    # By reference: the outbox reads the store when it sends, the row stays small.
    await ctx.send_to_sender(File(name, store_ref(attachment.path)), source="office.attachment")
    await audit(ctx, "attachment.fetch", "attachment", str(attachment.id))
    ctx.reply(texts.ATTACHMENT_SENDING.format(id=attachment.id, name=name))
