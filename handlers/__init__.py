"""Handlers: what the bot does with a message (commands, flows, Q&A); transport-neutral."""
