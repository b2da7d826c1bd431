"""发送情况: what the outbox holds, which kinds of send are blocked and why, what failed; 重发."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from core.clock import local
from handlers import texts
from handlers.context import Context
from handlers.outbound import address_label, summary
from storage.models import OutboxMessage
from storage.repositories import Repositories
from storage.repositories.outbox import FAILED, DeliveryBlockRepository

FAILED_SHOWN = 10
TIME_FORMAT = "%m-%d %H:%M"


def _when(moment: datetime) -> str:
    return local(moment).strftime(TIME_FORMAT)


async def status_text(repos: Repositories, now: datetime) -> str:
    counts = await repos.outbox.counts()
    blocks = await DeliveryBlockRepository(repos.session).active()
    lines = [
        texts.DELIVERY_STATUS_TITLE.format(time=_when(now)),
        texts.DELIVERY_STATUS_COUNTS.format(
            queued=counts.count("queued"),
            sending=counts.count("sending"),
            sent=counts.count("sent"),
            failed=counts.count(FAILED),
        ),
    ]
    if counts.oldest_unsent is not None:
        lines.append(texts.DELIVERY_STATUS_OLDEST.format(time=_when(counts.oldest_unsent)))
    for block in blocks:
        lines.append(
            texts.DELIVERY_STATUS_BLOCKED.format(
                channel=texts.DELIVERY_CHANNELS.get(block.channel, block.channel),
                since=_when(block.since),
                errcode=block.errcode,
                reason=block.reason,
            )
        )
    if not blocks:
        lines.append(texts.DELIVERY_STATUS_OK)
    failed = await repos.outbox.by_status(FAILED, newest_first=True, limit=FAILED_SHOWN)
    if failed:
        lines.append(texts.DELIVERY_STATUS_FAILED_TITLE.format(count=len(failed)))
        lines += [failed_line(row) for row in failed]
    if failed or blocks:
        lines.append(texts.DELIVERY_STATUS_RETRY_HINT)
    return "\n".join(lines)


def failed_line(row: OutboxMessage) -> str:
    message = row.outbound
    return texts.DELIVERY_STATUS_FAILED_LINE.format(
        id=row.id,
        time=_when(row.created_at),
        to=address_label(message),
        summary=summary(message.body),
        error=row.last_error or "",
    )


async def retry(repos: Repositories, now: datetime, ids: Collection[int] = ()) -> tuple[int, int]:
    """Queue parked messages (these, or all) again and make blocked routes try at once;
    returns (messages requeued, blocks made due)."""
    requeued = await repos.outbox.requeue_failed(now, ids)
    blocks = await DeliveryBlockRepository(repos.session).make_due(now)
    return requeued, blocks


async def delivery(ctx: Context, args: str) -> None:
    if args.strip() in texts.DELIVERY_RETRY_WORDS:
        requeued, blocks = await retry(ctx.repos, ctx.now())
        extra = texts.DELIVERY_RETRIED_BLOCKS if blocks else ""
        ctx.reply(texts.DELIVERY_RETRIED.format(count=requeued, blocks=extra))
        return
    ctx.reply(await status_text(ctx.repos, ctx.now()))
