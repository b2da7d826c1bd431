"""Quarterly reminders: the ladder, the plan derived from the database, and office controls."""
