"""The quarterly check-in: a task force's report filled through a guided chat."""

from handlers.checkin.flow import FLOW, flow, start

__all__ = ["FLOW", "flow", "start"]
