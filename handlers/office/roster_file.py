"""名单: the office gets the roster workbook in chat, as `zhuanban roster export` writes it."""

from __future__ import annotations

import base64
from io import BytesIO

from handlers import texts
from handlers.context import Context
from handlers.office.common import audit
from storage.repositories.registry import RosterStore
from storage.roster.export import roster_rows, write_workbook


async def send_roster(ctx: Context, args: str) -> None:
    people = await RosterStore(ctx.repos.session).active_roster()
    rows = roster_rows(ctx.kb, people.values())
    buffer = BytesIO()
    write_workbook(buffer, rows, ctx.today())
    filename = texts.OFFICE_ROSTER_FILENAME.format(day=ctx.today().isoformat())
    await ctx.repos.outbox.enqueue(
        channel="user",
        recipient=ctx.message.user_id,
        msgtype="file",
        payload={
            "filename": filename,
            "content_b64": base64.b64encode(buffer.getvalue()).decode("ascii"),
        },
        source="office.roster",
        now=ctx.now(),
    )
    await audit(ctx, "roster.export", "roster", "active", after={"rows": len(rows)})
    ctx.reply(texts.OFFICE_ROSTER_SENT.format(count=len(rows), filename=filename))
