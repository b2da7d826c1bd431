"""导出: the quarter's workbook, sent to the requester as a WeCom file through the outbox."""

from __future__ import annotations

from core.messages import File
from handlers import texts
from handlers.context import Context
from handlers.office.common import audit, quarter_or_current


async def export(ctx: Context, args: str) -> None:
    # Imported here: openpyxl adds a third of a second to every start-up otherwise.
    from handlers.office.workbook import export_filename, quarter_workbook

    quarter = await quarter_or_current(ctx, args)
    content = await quarter_workbook(
        ctx.repos,
        ctx.kb,
        quarter,
        ctx.now(),
        ctx.settings.report_due_day,
        warn_workdays=ctx.settings.warning_workdays,
    )
    filename = export_filename(quarter)
    await ctx.send_to_sender(File.from_bytes(filename, content), source="office.export")
    await audit(ctx, "report.export", "period", quarter.id, after={"filename": filename})
    ctx.reply(texts.OFFICE_EXPORTED.format(quarter=quarter.label, filename=filename))
