"""Repositories: take a session, never commit; the caller owns the transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.attachments import AttachmentRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.conversations import ConversationRepository
from storage.repositories.greetings import GreetingRepository
from storage.repositories.history import HistoryRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.nonces import NonceRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.problems import ProblemRepository
from storage.repositories.qa_contexts import QaContextRepository
from storage.repositories.registry import RegistryRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.reports import ReportRepository
from storage.repositories.scores import ScoreRepository
from storage.repositories.targets import TargetRepository


class Repositories:
    """Every repository over one session, so a handler's changes share one transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.audit = AuditRepository(session)
        self.conversations = ConversationRepository(session)
        self.inbox = InboxRepository(session)
        self.outbox = OutboxRepository(session)
        self.qa_contexts = QaContextRepository(session)
        self.registry = RegistryRepository(session)
        self.reminders = ReminderRepository(session)
        self.reports = ReportRepository(session)
        self.scores = ScoreRepository(session)
        self.greetings = GreetingRepository(session)
        self.attachments = AttachmentRepository(session)
        self.nonces = NonceRepository(session)
        self.history = HistoryRepository(session)
        self.problems = ProblemRepository(session)
        self.targets = TargetRepository(session)
