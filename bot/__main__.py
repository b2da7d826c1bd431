"""Allow `python -m bot` as a synonym for the `zhuanban` command."""

from bot.cli import main

main()
