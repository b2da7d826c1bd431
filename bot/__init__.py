"""专班助手: the bot's runtime, adapters and command line."""
