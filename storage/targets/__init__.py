"""The year's targets (重点任务 and 季度目标) imported from the office's spreadsheet."""
