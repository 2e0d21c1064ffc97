"""Telegram adapter modules; the entry point is ``adapters.telegram_adapter``."""
