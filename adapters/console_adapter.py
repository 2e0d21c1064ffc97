"""The terminal adapter: a REPL on the same core (``bundletrip chat``).

Reads lines from standard input (a terminal or a pipe); ``/quit`` or end of input ends it. When
the last reply offered choices, typing a choice's number presses that button. Files (the .ics
export, the route maps) are written to the output folder and their paths printed.

With ``group=True`` (``bundletrip chat --group``) the terminal plays a group chat: a line
``alice: I want the Night Safari`` is Alice speaking, ``bob: 1`` is Bob pressing button 1, and a
line without a name is the last speaker again.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import re
import sys
import uuid
from pathlib import Path
from typing import TextIO

from bot.bootstrap import App
from bot.i18n import pick_language, t
from bot.messages import (
    Choice,
    Choices,
    ClosePoll,
    FileReply,
    FinalMessage,
    IncomingMessage,
    PictureReply,
    PinnedPlan,
    PollReply,
    ReplyEvent,
    Sender,
    TextDelta,
    VenueReply,
    Working,
)

QUIT = {"/quit", "/exit", "quit", "exit"}
_SPEAKER = re.compile(r"^\s*([A-Za-z\uac00-\ud7a3][\w.\-\uac00-\ud7a3]{0,31})\s*:\s+(.*)$", re.S)
log = logging.getLogger(__name__)


class ConsoleAdapter:
    """Turns terminal lines into incoming messages and prints reply events."""

    def __init__(
        self,
        app: App,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        out_dir: Path | None = None,
        language: str | None = None,
        group: bool = False,
    ) -> None:
        self.app = app
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.out_dir = out_dir or Path.cwd()
        self.language = language
        self.reply_lang: str = language or "en"  # the language of the latest reply
        self.session = uuid.uuid4().hex[:8]
        self.counter = 0
        self.choices: Choices | None = None
        self.user = getpass.getuser() or "local"
        self.group = group
        self.speaker = self.user
        self.poll: Choices | None = None  # an open poll: numbers vote when no buttons are shown

    def to_incoming(self, line: str) -> IncomingMessage:
        """Translate one line of input (a number presses a shown button)."""
        self.counter += 1
        text, callback = line.strip(), None
        if self.group and (said := _SPEAKER.match(text)):
            self.speaker, text = said.group(1), said.group(2).strip()
        shown = self.choices or self.poll
        if shown and text.isdigit() and 1 <= int(text) <= len(shown.options):
            callback, text = shown.options[int(text) - 1].data, ""
        name = self.speaker if self.group else self.user
        # A pressed button carries no words to read a language from: like a Telegram or Discord
        # client's locale, the terminal reports the language the conversation is in.
        code = self.language or (self.reply_lang if callback else None)
        return IncomingMessage(
            platform="console",
            chat_id=f"group-{self.user}" if self.group else self.user,
            message_id=f"{self.session}-{self.counter}",
            sender=Sender(id=name.lower(), display_name=name, language_code=code),
            text=text,
            is_private=not self.group,
            callback_data=callback,
        )

    async def run(self) -> None:
        interactive = self.stdin.isatty()
        self._print(t(self.reply_lang, "console.banner"))
        if self.group:
            self._print(t(self.reply_lang, "console.group_hint"))
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                self.stdout.write("you> ")
                self.stdout.flush()
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line or line.strip().lower() in QUIT:
                break
            if not line.strip():
                continue
            if not interactive:
                self._print(f"you> {line.rstrip()}")
            await self.answer(line)

    async def answer(self, line: str) -> None:
        """Handle one line; the one catch-all of this adapter logs, then apologises."""
        msg = self.to_incoming(line)
        try:
            async for event in self.app.service.handle(msg):
                self.render(event)
        except Exception as exc:
            # The terminal is also where logs go: the traceback only at DEBUG level.
            log.error("console turn failed (%s)", type(exc).__name__)
            log.debug("console turn failed", exc_info=True)
            lang = pick_language(None, msg.text, self.language)
            self._print("\nbot> " + t(lang, "apology") + "\n")

    def render(self, event: ReplyEvent) -> None:
        """Print one reply event readably."""
        if isinstance(event, Working):
            return
        if isinstance(event, TextDelta):
            return  # the final message follows with the whole text
        if isinstance(event, FinalMessage):
            self.reply_lang = event.language or self.reply_lang
            self._print("\nbot> " + event.text.replace("\n", "\n     "))
            self.choices = event.choices
            if event.choices and event.choices.options:
                opts = "  ".join(f"[{i}] {c.label}" for i, c in enumerate(event.choices.options, 1))
                self._print("     " + opts)
            self._print("")
            return
        if isinstance(event, PollReply):  # the terminal votes by number, like a button
            self._print("\nbot> 🗳 " + event.question)
            self.choices = self.poll = Choices(
                tuple(Choice(o, f"v:{event.poll_key}:{i}") for i, o in enumerate(event.options))
            )
            self._print("     " + "  ".join(f"[{i}] {o}" for i, o in enumerate(event.options, 1)))
            self._print("")
            return
        if isinstance(event, PinnedPlan):  # the terminal has no pins: show the version line
            self._print("     " + event.text.splitlines()[0] + "\n")
            return
        if isinstance(event, ClosePoll):
            self.poll = None  # the core's next message says who won
            return
        if isinstance(event, FileReply):
            path = self._out(event.filename)
            path.write_bytes(event.data)
            saved = t(self.reply_lang, "saved_to", path=str(path))
            self._print(f"     📎 {event.caption or event.filename}: {saved}\n")
        elif isinstance(event, PictureReply):
            self._pictures(event)
        elif isinstance(event, VenueReply):
            for venue in event.venues:
                self._print(
                    f"     📍 {venue.title} — {venue.address} ({venue.lat:.5f}, {venue.lon:.5f})"
                )
            self._print("")

    def _pictures(self, event: PictureReply) -> None:
        """Write the maps to the output folder and print their paths; offer the stop buttons."""
        buttons = []
        for picture in event.pictures:
            path = self._out(picture.filename)
            path.write_bytes(picture.data)
            self._print(f"     🗺️ {picture.caption or picture.filename}: {path}")
            if picture.button is not None:
                buttons.append(picture.button)
        if buttons:
            self.choices = Choices(tuple(buttons))
            self._print("     " + t(event.language, "map_stops_prompt"))
            self._print("     " + "  ".join(f"[{i}] {c.label}" for i, c in enumerate(buttons, 1)))
        self._print("")

    def _out(self, filename: str) -> Path:
        """Where a file goes: the output folder, made when it does not exist yet."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        return self.out_dir / filename

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()
