"""Stand-in servers of the platforms bundletrip talks to, for the tests and the benchmarks.

Each one is an aiohttp server on 127.0.0.1 and a free port, driven by the real client library
(python-telegram-bot, discord.py, openai) over a socket:

* :mod:`standins.telegram_api` — the Telegram Bot API (with :mod:`standins.telegram_html`, its
  HTML checker, and :mod:`standins.telegram_updates`, updates as Telegram sends them);
* :mod:`standins.discord_api` — Discord's REST API and gateway (wire objects in
  :mod:`standins.discord_payloads`);
* :mod:`standins.openai_api` — an OpenAI-compatible chat completions server.

They live outside ``tests/`` because ``bench/`` uses them too and must not import test code;
tests reach them through :mod:`tests.support`.
"""
