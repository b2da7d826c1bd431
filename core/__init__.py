"""The domain's time and vocabulary: clock, calendar, quarters, message types, enums; no I/O."""
