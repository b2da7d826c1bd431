"""生成季度汇报 and 生成晾晒通报: Word documents sent to the requester as WeCom files."""

from __future__ import annotations

from datetime import date

from core.settings import Settings
from handlers import targets, texts
from handlers.context import Context
from handlers.office.args import ArgumentError, parse_year
from handlers.office.common import audit, quarter_or_current, quarter_overview
from handlers.office.overview import Overview
from handlers.office.scores import Ranking, build_ranking
from handlers.problems import rates as problem_rates
from knowledge import KnowledgeBase
from storage.repositories import Repositories


async def load_ranking(repos: Repositories, kb: KnowledgeBase, year: int) -> Ranking | None:
    """The year's ranking with last year's for the change; None when nothing is scored."""
    scores = await repos.scores.scores(year)
    if not scores:
        return None
    return build_ranking(kb, year, scores, await repos.scores.scores(year - 1))


async def _send(ctx: Context, filename: str, content: bytes, source: str) -> None:
    await ctx.repos.outbox.enqueue_file(
        ctx.message.user_id, filename, content, source=source, now=ctx.now()
    )
    ctx.reply(texts.DOC_SENT.format(filename=filename))


async def quarter_content(
    repos: Repositories, overview: Overview, today: date, settings: Settings
) -> bytes:
    """The 季度汇报 of `overview`: the quarter, its targets' and its problems' rates."""
    # Imported here: docxtpl (lxml, Jinja2) is heavy for every start-up.
    from handlers.office.word import quarter

    views = await targets.quarter_views(repos, overview.quarter, today, settings.warning_workdays)
    rates = await problem_rates.quarter_summary(repos, overview.quarter)
    return quarter.quarter_report(overview, today, settings.document_templates_dir, views, rates)


async def quarter_document(ctx: Context, args: str) -> None:
    from handlers.office.word import quarter

    overview = await quarter_overview(ctx, await quarter_or_current(ctx, args))
    content = await quarter_content(ctx.repos, overview, ctx.today(), ctx.settings)
    name = quarter.filename(overview)
    await audit(ctx, "document.quarter", "period", overview.quarter.id, after={"filename": name})
    await _send(ctx, name, content, "office.document")


async def ranking_document(ctx: Context, args: str) -> None:
    from handlers.office.word import ranking as ranking_doc

    year = parse_year(args.split()[0], ctx.today()) if args.strip() else ctx.today().year
    ranking = await load_ranking(ctx.repos, ctx.kb, year)
    if ranking is None:
        raise ArgumentError(texts.DOC_RANKING_NO_SCORES.format(year=year))
    content = ranking_doc.ranking_report(ranking, ctx.today(), ctx.settings.document_templates_dir)
    name = ranking_doc.filename(ranking)
    await audit(ctx, "document.ranking", "score", str(year), after={"filename": name})
    await _send(ctx, name, content, "office.document")
