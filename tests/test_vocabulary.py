"""The domain's enums (core/): every member has its label and its handler, keys round-trip,
and what is stored reads back as members, with the strings stored before the enums existed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from core.office_commands import OfficeCommand
from core.reports import ProgressState, ReportStatus
from core.roles import Role
from core.stages import StageName, case_ladder, deadline_ladder, parse_key
from handlers import texts
from handlers.office import COMMANDS
from storage.models import Report
from storage.roster.texts import ROLE_NAMES
from tests.office_support import submit_report


def test_every_office_command_has_a_handler_and_a_usage_line_that_starts_with_it():
    assert list(COMMANDS) == list(OfficeCommand)
    assert list(texts.OFFICE_USAGE) == list(OfficeCommand)
    for command, usage in texts.OFFICE_USAGE.items():
        assert usage.split(" ", 1)[0] == command.value


def test_every_state_status_role_and_stage_has_a_label():
    assert set(texts.OFFICE_STATE_LABELS) == set(ProgressState)
    assert set(texts.SCHEDULE_STATUS) == {None, *ReportStatus}
    assert set(texts.OFFICE_REVIEW_STATES) == {None, *ReportStatus} - {ReportStatus.DRAFT}
    assert set(ROLE_NAMES) == set(Role)
    assert set(texts.STAGE_LABELS) == set(StageName)
    assert set(texts.STAGE_COUNTS) <= set(StageName)


def test_every_stage_key_names_its_rung():
    ladder = deadline_ladder(
        date(2026, 9, 1), date(2026, 9, 24), date(2026, 10, 30), meeting_pending=True
    )
    named = [parse_key(stage.key) for stage in (*ladder, *case_ladder(2026))]
    assert {name for name, _ in named} == set(StageName)
    assert (StageName.WEEKLY, 2) in named and (StageName.CASE, 11) in named
    assert (StageName.T_MINUS_3, None) in named
    with pytest.raises(ValueError):
        parse_key("t-5@2026-09-24")


def test_the_values_are_the_strings_stored_before_the_enums():
    assert [s.value for s in ReportStatus] == ["draft", "submitted", "returned", "accepted"]
    assert [r.value for r in Role] == ["leader", "contact", "member", "office"]


async def test_a_stored_status_reads_back_as_a_member(sessions, clock, office_people):
    await submit_report(sessions, clock.now())
    async with sessions() as session:
        stored = await session.scalar(text("SELECT status FROM reports"))
        report = await session.scalar(Report.__table__.select().with_only_columns(Report.status))
    assert stored == "submitted"  # the column holds the plain value, as before
    assert report is ReportStatus.SUBMITTED
