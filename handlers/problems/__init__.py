"""The problem list (问题清单): the office assigns (交办) a problem to a unit of a task force,
the unit's people sign for it (签收), report progress and apply to close it (申请销号), and
the office closes it (销号) or returns the request (退回销号). Colours and reminders follow
the due date (handlers/problems/lights.py, reminders.py); docs/problems.md."""
