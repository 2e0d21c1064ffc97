"""The Discord adapter, split by responsibility.

    translate   Discord objects -> :class:`~bot.messages.IncomingMessage` (pure)
    render      reply events -> message parts: escaping, 2,000 / 4,096 / 6,000 limits (pure)
    views       :class:`~bot.messages.Choices` -> buttons and select menus
    deliver     parts -> Discord (interaction responses, follow-ups, channel messages, edits)
    bridge      one turn end to end, with the adapter's single catch-all
    commands    the slash-command tree
    localise    the commands' Korean descriptions, option names and choices (a Translator)
    client      the discord.py client: intents, shards, command sync, event routing

``adapters.discord_adapter`` is the entry point (``run_discord``).
"""
