"""Local stand-ins shared by the tests and the benchmarks (bench/ never imports from tests/).

telegram_api.py      a stand-in Bot API server (aiohttp), driven by the real PTB client
telegram_html.py     Telegram's HTML subset and length rules, as the stand-in checks them
telegram_updates.py  Telegram update JSON (messages, button presses, poll answers)
redis_servers.py     private redis-server processes: one, or a 3-master Redis Cluster
"""
