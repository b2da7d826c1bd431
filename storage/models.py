"""SQLAlchemy 2 typed models; the schema itself is owned by the Alembic migrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.lights import Progress
from core.messages import Outbound
from core.problems import ProblemAction, ProblemSource, ProblemStatus
from core.reports import ReportStatus
from core.roles import Role
from storage.types import StrEnumType, UTCDateTime

# Named constraints let SQLite's batch migrations find and alter them later.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}
    __table__: ClassVar[Table]  # every model here maps one Table (DeclarativeBase says FromClause)


class Unit(Base):
    """A unit named in the knowledge data (synced at start-up)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    sort_order: Mapped[int]


class TaskForce(Base):
    """A task force (专班) of the knowledge data (synced at start-up)."""

    __tablename__ = "task_forces"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    indicator_id: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int]


class TaskForceUnit(Base):
    """A unit's place in a task force: `lead` or `responsible`."""

    __tablename__ = "task_force_units"

    task_force_id: Mapped[str] = mapped_column(
        ForeignKey("task_forces.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class Person(Base):
    """Someone on the roster, keyed by WeCom userid (case-insensitive, as WeCom compares)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    userid: Mapped[str] = mapped_column(String(64))
    userid_key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    mobile: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Membership(Base):
    """A person's role in a task force: leader (分管领导), contact (联系人) or member (成员)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "task_force_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"))
    role: Mapped[Role] = mapped_column(StrEnumType(Role))


class OfficeMember(Base):
    """A member of the 营商环境办公室: may run office commands and hears of roster changes."""

    __tablename__ = "office_members"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[datetime]


class AuditEntry(Base):
    """One change: who did what to which entity, with the state before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class InboundMessage(Base):
    """A handled message, recorded in the handling transaction; a redelivery finds it here."""

    __tablename__ = "inbound_messages"

    msg_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]
    replies: Mapped[list[Any]] = mapped_column(default=list)


class Conversation(Base):
    """A user's conversation state, written after every turn so a restart loses nothing."""

    __tablename__ = "conversations"

    user_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class QaContext(Base):
    """What a user's last Q&A answer was about, for follow-up questions ("那责任单位呢")."""

    __tablename__ = "qa_contexts"

    user_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    memory: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class OutboxMessage(Base):
    """An outgoing message; a background worker delivers it (queued → sending → sent, or
    failed: parked after too many attempts or a permanent refusal, kept until retried).

    `message` is the typed value (core.messages.Outbound, versioned JSON); `channel` is its
    address kind and `address` its canonical address, so messages to one address leave in
    order. `delivery` holds the transport's own notes (an uploaded media id, a card's task id).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(Text)
    message: Mapped[dict[str, Any]]
    delivery: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(64))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    parts_sent: Mapped[int] = mapped_column(default=0, server_default="0")
    """Parts already delivered, so a retry after a crash resumes at the next part."""

    @property
    def outbound(self) -> Outbound:
        return Outbound.from_json(self.message)


class DeliveryBlock(Base):
    """A kind of send (by address kind) the transport refuses until an operator acts
    (WeCom 60020: the server IP is not trusted; 48002: API not allowed). Its messages wait;
    one is tried again at `retry_at`, and a success removes the block. `reason` says what
    to do, in the office's words."""

    __tablename__ = "delivery_blocks"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    errcode: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime]
    retry_at: Mapped[datetime]


class Period(Base):
    """A reporting quarter ("2026Q4") with the day it opens, its due day and its lock day."""

    __tablename__ = "periods"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    opens_on: Mapped[date]
    due_on: Mapped[date]
    locks_on: Mapped[date]
    updated_at: Mapped[datetime]


class Report(Base):
    """One task force's report for one period: the working draft and its status.

    `answers` holds the current draft (the JSON shape is documented in docs/reports.md);
    each submission is frozen as a ReportVersion. `editor` is the contact currently filling
    it, since `editing_since`; `edited_at` is the last change.
    """

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("period_id", "task_force_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("periods.id"))
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"))
    status: Mapped[ReportStatus] = mapped_column(
        StrEnumType(ReportStatus), default=ReportStatus.DRAFT
    )
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=0)
    editor: Mapped[str | None] = mapped_column(String(64))
    edited_at: Mapped[datetime | None]
    editing_since: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    late: Mapped[bool] = mapped_column(default=False)
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None]
    return_due_on: Mapped[date | None]
    """The day a 退回 asks the report back by (core/lifecycle.py); it may be after the lock."""
    awaiting_leader: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Submitted, waiting for a 分管领导's 确认 before the office sees it (the setting
    ZHUANBAN_LEADER_CONFIRMATION); `leader_confirmed_by`/`_at` record the confirmation."""
    leader_confirmed_by: Mapped[str | None] = mapped_column(String(64))
    leader_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReportVersion(Base):
    """A submitted version of a report, frozen."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    version: Mapped[int]
    answers: Mapped[dict[str, Any]]
    submitted_at: Mapped[datetime]
    submitted_by: Mapped[str] = mapped_column(String(64))
    late: Mapped[bool]


class Extension(Base):
    """A later due day granted to one task force for one period."""

    __tablename__ = "extensions"

    period_id: Mapped[str] = mapped_column(ForeignKey("periods.id"), primary_key=True)
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"), primary_key=True)
    due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime]


class Exemption(Base):
    """A task force excused from reporting for one period (免报)."""

    __tablename__ = "exemptions"

    period_id: Mapped[str] = mapped_column(ForeignKey("periods.id"), primary_key=True)
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime]


class Score(Base):
    """An indicator's score and rank in one year's 第三方评价 (third-party evaluation)."""

    __tablename__ = "scores"
    __table_args__ = (UniqueConstraint("year", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    indicator_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[float]
    rank: Mapped[int | None]
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]


class ReminderLog(Base):
    """One reminder stage reserved for one recipient; the UNIQUE key makes it go out once.

    `recipient` is a WeCom userid, or "office" for the office group's robot. The row is
    written in the same transaction as the outbox message that carries it (`message_key`
    is that message's dedupe key), so a crash keeps both or neither.
    """

    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("period_id", "task_force_id", "stage", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("periods.id"))
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"))
    stage: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    reserved_at: Mapped[datetime]
    message_key: Mapped[str | None] = mapped_column(String(200))


class SchedulerLock(Base):
    """A row per scheduler job; the instance holding its row lock runs the tick."""

    __tablename__ = "scheduler_locks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(64))
    last_tick_at: Mapped[datetime | None]


class DailyGreeting(Base):
    """A user greeted on opening the app that day: the key that keeps it to once a day."""

    __tablename__ = "daily_greetings"

    user_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class TemplateCard(Base):
    """An interactive WeCom card we sent: what its buttons stand for, and the click it took."""

    __tablename__ = "template_cards"

    task_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64))
    buttons: Mapped[list[Any]]
    created_at: Mapped[datetime]
    chosen_msg_key: Mapped[str | None] = mapped_column(String(200))
    chosen_at: Mapped[datetime | None]


class DeferredReply(Base):
    """A message whose replies go out through the outbox because the passive budget ran out;
    it holds the message itself so a crash before the replies were queued can be recovered."""

    __tablename__ = "deferred_replies"
    __table_args__ = (Index("ix_deferred_replies_pending", "released_at", "created_at"),)

    msg_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    message: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    released_at: Mapped[datetime | None]


class SendLogEntry(Base):
    """One message delivered to one recipient: the window the per-recipient throttle counts."""

    __tablename__ = "send_log"
    __table_args__ = (Index("ix_send_log_recipient", "recipient_key", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_key: Mapped[str] = mapped_column(String(200))
    sent_at: Mapped[datetime]


class ConsoleNonce(Base):
    """A single-use key of the web console (a login link's nonce, an OAuth code's digest),
    spent once: the primary key makes a second use fail."""

    __tablename__ = "console_nonces"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    used_at: Mapped[datetime]


class Attachment(Base):
    """A file, image or voice someone sent: recorded pending with the message that brought
    it, downloaded through media/get into the file store (storage/files.py) soon after.

    `status`: pending (not yet downloaded; retried), stored, rejected (too big or a type we
    do not keep; the sender was told), lost (WeCom no longer has it: media_ids live 3 days).
    `purpose`: report or case (sent in a check-in, linked to `report_id`), chat (sent at any
    other time), roster (an office member's roster file awaiting 确认), roster.applied,
    roster.dropped.
    """

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_status_due", "status", "next_attempt_at"),
        Index("ix_attachments_report", "report_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    msg_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    media_id: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(16))
    uploader: Mapped[str] = mapped_column(String(64))
    task_force_id: Mapped[str | None] = mapped_column(ForeignKey("task_forces.id"))
    period_id: Mapped[str | None] = mapped_column(String(8))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime]
    file_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(String(300))
    """Inside the file store, relative to its root."""
    created_at: Mapped[datetime]
    stored_at: Mapped[datetime | None]


class Problem(Base):
    """One problem of the list (问题清单): owned by a unit of its task force, due on a day.

    `source` says where it came from (core.problems.ProblemSource) and `source_ref` which
    record: a report's key and version (2026Q4/paying_taxes/v2), or a meeting's day."""

    __tablename__ = "problems"
    __table_args__ = (Index("ix_problems_task_force_status", "task_force_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    source: Mapped[ProblemSource] = mapped_column(StrEnumType(ProblemSource))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ProblemStatus] = mapped_column(StrEnumType(ProblemStatus))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class ProblemEvent(Base):
    """One step in a problem's history: who did what, from which status to which, with the
    remark (progress, evidence, a reason) and an evidence file from the attachments."""

    __tablename__ = "problem_events"
    __table_args__ = (Index("ix_problem_events_problem", "problem_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    action: Mapped[ProblemAction] = mapped_column(StrEnumType(ProblemAction))
    from_status: Mapped[ProblemStatus | None] = mapped_column(StrEnumType(ProblemStatus))
    to_status: Mapped[ProblemStatus] = mapped_column(StrEnumType(ProblemStatus))
    remark: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )


class ProblemNotice(Base):
    """A reminder about a problem reserved for one recipient (an escalation, a colour
    reached); the UNIQUE key makes each go out once, across restarts and instances."""

    __tablename__ = "problem_notices"
    __table_args__ = (UniqueConstraint("item", "stage", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(64))
    """`problem:12` or `target:3`: what the notice is about (a LitItem's kind and id)."""
    stage: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(64))
    reserved_at: Mapped[datetime]


class Target(Base):
    """One quarterly target (季度目标) of a 重点任务 in a task force's year plan.

    `due_on` defaults to the quarter's last day (docs/targets.md); `owner_unit_id` is a lead
    or responsible unit of the task force, or none when the task force as a whole owns it.
    """

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("year", "task_force_id", "task", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    task_force_id: Mapped[str] = mapped_column(ForeignKey("task_forces.id"))
    task: Mapped[str] = mapped_column(String(200))
    quarter: Mapped[int]
    target: Mapped[str] = mapped_column(Text)
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    due_on: Mapped[date]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TargetResult(Base):
    """What a submitted check-in reported about one target: one row per report version, so
    the latest row is the target's current progress and the earlier ones its history."""

    __tablename__ = "target_results"
    __table_args__ = (Index("ix_target_results_target", "target_id", "reported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    report_version: Mapped[int]
    progress: Mapped[Progress] = mapped_column(StrEnumType(Progress))
    evidence: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )
    reported_by: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime]
