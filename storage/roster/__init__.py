"""The office's roster file: read, validate, plan, apply, export and check."""
