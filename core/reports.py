"""A quarterly report's life: the status stored with it, and the states the office's overview
shows. The values are the strings stored in `reports.status` since the first migration."""

from __future__ import annotations

from enum import StrEnum


class ReportStatus(StrEnum):
    """`reports.status`: a draft until submitted; the office returns or accepts a submission."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class ProgressState(StrEnum):
    """A task force's report as the office's overview (进度, 未报, 导出) shows it: the stored
    status, or what the absence of one means on the day."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    DRAFT = "draft"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    EXEMPT = "exempt"
