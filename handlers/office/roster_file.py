"""名单: the office gets the roster workbook in chat, as `zhuanban roster export` writes it."""

from __future__ import annotations

from io import BytesIO

from core.messages import File
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
    await ctx.send_to_sender(File.from_bytes(filename, buffer.getvalue()), source="office.roster")
    await audit(ctx, "roster.export", "roster", "active", after={"rows": len(rows)})
    ctx.reply(texts.OFFICE_ROSTER_SENT.format(count=len(rows), filename=filename))
