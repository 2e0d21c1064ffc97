"""The conversation service's own commands: /start, /help, /lang, /usage, /history, /plan,
/reset, and the extra commands bootstrap plugs in (a base of :class:`ConversationService`)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.commands import KNOWN_COMMANDS, Command, CommandHandler
from bot.i18n import Lang, t
from bot.intake.flow import summary
from bot.messages import FinalMessage, IncomingMessage, ReplyEvent
from bot.outbox import encode_reply
from bot.storage.models import ArchivedTrip, ConversationState
from bot.storage.ports import LockHandle
from bot.stream_worker import showing
from bot.tools import TripTools
from bot.trip import TripRequest

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from datetime import date
    from zoneinfo import ZoneInfo

    from bot.storage.ports import ConversationStore, ProfileStore, QuotaStore


UsageReader = Callable[[str, str], Awaitable[tuple[int, Decimal]]]  # (user, day) -> tokens, US$


@dataclass(frozen=True)
class ServiceConfig:
    daily_limit: int = 50
    context_turns: int = 12
    max_message_chars: int = 4000
    default_language: str = "en"
    timezone: str = "Asia/Singapore"


@dataclass
class TurnOutcome:
    """What a handled turn leaves behind, committed before the final events are shown."""

    events: list[ReplyEvent]
    record: bool = True  # store the user turn and the reply in history
    counts: bool = False  # counts against the daily quota


class ServiceCommands:
    """Answers the core's commands (the base of :class:`~bot.conversation.ConversationService`,
    which sets these)."""

    config: ServiceConfig
    conversations: ConversationStore
    profiles: ProfileStore
    quotas: QuotaStore
    usage: UsageReader | None
    extra_commands: dict[str, CommandHandler]
    tz: ZoneInfo

    def today(self) -> date:
        raise NotImplementedError

    async def _command(
        self, msg: IncomingMessage, lang: Lang, command: Command, tools: TripTools
    ) -> TurnOutcome:
        name = command.name
        if name == "start":
            name_shown = msg.sender.display_name or t(lang, "traveller")
            text = t(lang, "start", name=name_shown) + "\n\n" + t(lang, "help")
            return TurnOutcome([FinalMessage(text, language=lang)], record=False)
        if name == "help":
            return TurnOutcome([FinalMessage(t(lang, "help"), language=lang)], record=False)
        if name == "lang":
            return await self._lang(msg, command, lang)
        if name == "usage":
            return await self._usage(msg, lang)
        if name == "history":
            return await self._history(msg, lang, tools.state)
        if name == "plan":
            return TurnOutcome(await tools.plan_command(command.args, lang), counts=True)
        handler = self.extra_commands.get(name)
        if handler is not None:
            return TurnOutcome(await handler(command.args, lang, tools), record=False)
        if name not in KNOWN_COMMANDS:
            text = t(lang, "unknown_command", command=name)
            return TurnOutcome([FinalMessage(text, language=lang)], record=False)
        return TurnOutcome([FinalMessage(t(lang, "help"), language=lang)], record=False)

    async def _lang(self, msg: IncomingMessage, command: Command, lang: Lang) -> TurnOutcome:
        wanted = command.args.lower()[:2]
        if wanted not in ("en", "ko"):
            return TurnOutcome([FinalMessage(t(lang, "lang_usage"), language=lang)], record=False)
        await self.profiles.set_language(msg.user_id, wanted)
        new: Lang = "ko" if wanted == "ko" else "en"
        return TurnOutcome([FinalMessage(t(new, "lang_set"), language=new)], record=False)

    async def _usage(self, msg: IncomingMessage, lang: Lang) -> TurnOutcome:
        day = self.today().isoformat()
        used = await self.quotas.used(msg.user_id, day)
        text = t(lang, "usage", day=day, used=used, limit=self.config.daily_limit)
        if self.usage is not None:
            tokens, cost = await self.usage(msg.user_id, day)
            if tokens:
                text += "\n" + t(lang, "usage_tokens", tokens=f"{tokens:,}", cost=cost)
        return TurnOutcome([FinalMessage(text, language=lang)], record=False)

    async def _history(
        self, msg: IncomingMessage, lang: Lang, state: ConversationState
    ) -> TurnOutcome:
        trips = await self.conversations.archived(msg.conversation)
        lines: list[str] = []
        if state.stage != "idle":
            lines.append(f"• {trip_title(state.request, lang)} {t(lang, 'history_current')}")
        for trip in trips:
            when = datetime.fromtimestamp(trip.archived_at, self.tz).date().isoformat()
            plan = " ✓" if trip.itinerary else ""
            lines.append(f"• {trip.title}{plan} — {when}")
        if not lines:
            return TurnOutcome(
                [FinalMessage(t(lang, "history_empty"), language=lang)], record=False
            )
        text = t(lang, "history_head") + "\n" + "\n".join(lines)
        return TurnOutcome([FinalMessage(text, language=lang)], record=False)

    async def _reset(
        self, msg: IncomingMessage, lang: Lang, state: ConversationState, held: LockHandle
    ) -> AsyncIterator[ReplyEvent]:
        turns = await self.conversations.recent_turns(msg.conversation, 200)
        if state.stage == "idle" and not turns:
            nothing = FinalMessage(t(lang, "reset_nothing"), language=lang)
            async for event in self._committed(held, state, msg, nothing):
                yield event
            return
        now = time.time()
        trip = ArchivedTrip(
            trip_id=state.trip_id or uuid.uuid4().hex, archived_at=now,
            created_at=state.created_at or now, title=trip_title(state.request, lang),
            request=state.request, itinerary=state.itinerary, members=state.members, turns=turns,
        )  # fmt: skip
        await self.conversations.archive(held, trip)
        fresh = ConversationState(
            trip_id=uuid.uuid4().hex, created_at=now, is_private=msg.is_private
        )
        async for event in self._committed(
            held, fresh, msg, FinalMessage(t(lang, "reset_done"), language=lang)
        ):
            yield event

    async def _committed(
        self, held: LockHandle, state: ConversationState, msg: IncomingMessage, reply: FinalMessage
    ) -> AsyncIterator[ReplyEvent]:
        """Commit a turn that only answers ``reply`` (kept in the outbox until shown)."""
        outbox = encode_reply([reply], None)
        with showing():  # committed, then shown: a stop waits for both (bot.stream_worker)
            await self.conversations.commit(held, state, [], msg.message_id, outbox)
            yield reply


def trip_title(request: TripRequest, lang: Lang) -> str:
    """A one-line title for /history."""
    if request.start_date and request.end_date:
        title = f"{request.start_date} → {request.end_date}"
        if request.party:
            title += ", " + t(lang, "history_people", n=request.party.size)
        return title
    return (
        summary(request, lang).splitlines()[0] if request.start_date else t(lang, "history_draft")
    )
