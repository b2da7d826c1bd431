"""成绩 and 晾晒: record the annual evaluation scores, preview and publish the ranking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.messages import Button, Markdown, Outbound, Text, ToRobot
from core.office_commands import OfficeCommand
from handlers import texts
from handlers.console_links import link_line, markdown_link_line, ranking_path
from handlers.context import Context
from handlers.names import listing
from handlers.notices import announcement, immediate, send_at
from handlers.office.args import (
    ArgumentError,
    is_number,
    is_rank,
    parse_rank,
    parse_score,
    parse_year,
    resolve_indicator,
)
from handlers.office.common import CONFIRM_WORDS, audit, confirmed, missing
from knowledge import KnowledgeBase
from knowledge.normalize import normalize
from storage.models import Score
from storage.repositories import Repositories

FLOW = "publish"
MARKDOWN_LIMIT = 4096
"""Bytes a group robot accepts in one markdown message (40058 beyond)."""


def points(value: float, *, signed: bool = False) -> str:
    """92.50 → 92.5, 90.00 → 90; signed: +2.5, -2."""
    return f"{value:{'+' if signed else ''}.2f}".rstrip("0").rstrip(".")


async def record_score(
    repos: Repositories,
    *,
    year: int,
    indicator_id: str,
    score: float,
    rank: int | None,
    actor: str,
    now: datetime,
) -> dict[str, Any] | None:
    """Record one score, audited; returns what the row held before (None when new)."""
    _, before = await repos.scores.record(
        year, indicator_id, score=score, rank=rank, userid=actor, now=now
    )
    await repos.audit.record(
        at=now,
        actor=actor,
        action="score.record",
        entity="score",
        entity_key=f"{year}/{indicator_id}",
        before=before,
        after={"score": score, "rank": rank},
    )
    return before


def _score_text(score: float, rank: int | None) -> str:
    text = texts.OFFICE_SCORE.format(score=points(score))
    return text + (texts.OFFICE_RANK.format(rank=rank) if rank is not None else "")


async def record(ctx: Context, args: str) -> None:
    usage = texts.OFFICE_USAGE[OfficeCommand.SCORE]
    tokens = args.split()
    if len(tokens) < 3:
        raise missing(usage)
    year = parse_year(tokens[0], ctx.today())
    with_rank = (
        len(tokens) >= 4 and is_number(tokens[-2].removesuffix("分")) and is_rank(tokens[-1])
    )
    name_tokens = tokens[1:-2] if with_rank else tokens[1:-1]
    indicator = resolve_indicator(ctx.kb, " ".join(name_tokens))
    score = parse_score(tokens[-2] if with_rank else tokens[-1])
    rank = parse_rank(tokens[-1]) if with_rank else None
    if rank is None:  # correcting the score alone keeps the recorded rank
        existing = (await ctx.repos.scores.scores(year)).get(indicator.id)
        rank = existing.rank if existing is not None else None
    before = await record_score(
        ctx.repos,
        year=year,
        indicator_id=indicator.id,
        score=score,
        rank=rank,
        actor=ctx.message.user_id,
        now=ctx.now(),
    )
    reply = texts.OFFICE_SCORE_RECORDED.format(
        year=year, indicator=indicator.name, score=_score_text(score, rank)
    )
    if before is not None:
        reply += texts.OFFICE_SCORE_REPLACED.format(
            score=_score_text(before["score"], before["rank"])
        )
    ctx.reply(reply)


@dataclass(frozen=True, slots=True)
class Standing:
    """One indicator's line in the ranking."""

    name: str
    leads: str
    score: Score
    previous: Score | None

    def change(self) -> str:
        if self.previous is None:
            return texts.OFFICE_RANKING_NO_PREVIOUS
        delta = self.score.score - self.previous.score
        parts = [
            texts.OFFICE_RANKING_SCORE_CHANGE.format(delta=points(delta, signed=True))
            if round(delta, 2)
            else texts.OFFICE_RANKING_SCORE_SAME
        ]
        if self.score.rank is not None and self.previous.rank is not None:
            places = self.previous.rank - self.score.rank
            if places > 0:
                parts.append(texts.OFFICE_RANKING_UP.format(places=places))
            elif places < 0:
                parts.append(texts.OFFICE_RANKING_DOWN.format(places=-places))
            else:
                parts.append(texts.OFFICE_RANKING_RANK_SAME)
        return "，".join(parts)

    def line(self, position: int) -> str:
        return texts.OFFICE_RANKING_LINE.format(
            no=position,
            name=self.name,
            leads=self.leads,
            score=_score_text(self.score.score, self.score.rank),
            change=self.change(),
        )


@dataclass(frozen=True, slots=True)
class Ranking:
    year: int
    standings: list[Standing]
    unscored: list[str]

    def _lines(self, best: str, worst: str) -> list[str]:
        lines = []
        last = len(self.standings)
        for position, standing in enumerate(self.standings, 1):
            line = standing.line(position)
            if position == 1 and last > 1:
                line = best.format(line=line)
            elif position == last and last > 1:
                line = worst.format(line=line)
            lines.append(line)
        if self.unscored:
            lines.append(texts.OFFICE_RANKING_UNSCORED.format(names=listing(self.unscored)))
        return lines

    def text(self) -> str:
        title = texts.OFFICE_RANKING_TITLE.format(year=self.year)
        lines = self._lines(texts.OFFICE_RANKING_BEST, texts.OFFICE_RANKING_WORST)
        return "\n".join([title, *lines])

    def markdown(self) -> str:
        title = texts.OFFICE_RANKING_MD_TITLE.format(year=self.year)
        lines = self._lines(texts.OFFICE_RANKING_MD_BEST, texts.OFFICE_RANKING_MD_WORST)
        return "\n".join([title, *lines])


def build_ranking(
    kb: KnowledgeBase, year: int, scores: dict[str, Score], previous: dict[str, Score]
) -> Ranking:
    """Indicators by score, best first (a better rank breaks a tie); unscored ones listed."""
    standings = []
    unscored = []
    for indicator in kb.indicators:
        score = scores.get(indicator.id)
        if score is None:
            unscored.append(indicator.name)
            continue
        leads = dict.fromkeys(
            unit for task_force in kb.task_forces_of(indicator) for unit in task_force.lead_units
        )
        standing = Standing(indicator.name, "、".join(leads), score, previous.get(indicator.id))
        standings.append(standing)
    standings.sort(key=lambda s: (-s.score.score, s.score.rank or 10**6))
    return Ranking(year, standings, unscored)


async def publish(ctx: Context, args: str) -> None:
    if not args.strip():
        raise missing(texts.OFFICE_USAGE[OfficeCommand.RANKING])
    year = parse_year(args.split()[0], ctx.today())
    scores = await ctx.repos.scores.scores(year)
    if not scores:
        raise ArgumentError(texts.OFFICE_NO_SCORES.format(year=year))
    ranking = build_ranking(ctx.kb, year, scores, await ctx.repos.scores.scores(year - 1))
    page = ranking_path(year)
    markdown = ranking.markdown() + markdown_link_line(ctx.settings, page)
    if len(markdown.encode("utf-8")) <= MARKDOWN_LIMIT:
        message = {"msgtype": "markdown", "content": markdown}
    else:  # too long for one markdown message; the transport splits text cleanly
        message = {"msgtype": "text", "content": ranking.text() + link_line(ctx.settings, page)}
    ctx.state.flow, ctx.state.step = FLOW, "confirm"
    ctx.state.data = {"year": year, "incomplete": bool(ranking.unscored), **message}
    ask, confirm = texts.OFFICE_PUBLISH_CONFIRM, texts.OFFICE_CONFIRM
    if ranking.unscored:
        confirm = texts.OFFICE_PUBLISH_ANYWAY  # publishing with gaps takes an explicit word
        ask = texts.OFFICE_PUBLISH_INCOMPLETE.format(
            missing=len(ranking.unscored),
            total=len(ctx.kb.indicators),
            word=texts.OFFICE_PUBLISH_ANYWAY,
        )
    ctx.reply(
        f"{ranking.text()}\n\n{ask}",
        buttons=(Button(confirm, confirm), Button("取消", "取消")),
        title=texts.OFFICE_PUBLISH_PREVIEW_TITLE,
    )


async def publish_flow(ctx: Context) -> None:
    """The preview awaits 确认 (post it to the office group) or 取消; an incomplete ranking
    awaits the explicit 确认发布."""
    waiting, words = texts.OFFICE_PUBLISH_WAITING, CONFIRM_WORDS
    if ctx.state.data.get("incomplete"):
        word = texts.OFFICE_PUBLISH_ANYWAY
        waiting = texts.OFFICE_PUBLISH_WAITING_INCOMPLETE.format(word=word)
        words = frozenset({normalize(word)})
    data = await confirmed(
        ctx, "office.publish", words, cancelled=texts.OFFICE_PUBLISH_CANCELLED, waiting=waiting
    )
    if data is None:
        return
    at = send_at(ctx, immediate(ctx))  # the group too hears from the office in office hours
    body = Markdown(data["content"]) if data["msgtype"] == "markdown" else Text(data["content"])
    await ctx.send(Outbound(ToRobot(), body), source="office.publish", not_before=at)
    await audit(
        ctx, "scores.publish", "score", str(data["year"]), after={"msgtype": data["msgtype"]}
    )
    if at is None:
        ctx.reply(texts.OFFICE_PUBLISHED.format(year=data["year"]))
    else:  # queued for office hours: not "sent" yet
        queued = texts.OFFICE_PUBLISH_QUEUED.format(year=data["year"])
        ctx.reply(queued + "\n" + announcement(ctx, 1, at))
