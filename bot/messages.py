"""The adapter <-> core contract.

An adapter turns a platform object (a Telegram ``Update``, a ``discord.Interaction``, a line of
terminal input) into one :class:`IncomingMessage` and renders the :data:`ReplyEvent` stream the
core yields back. The core never sees platform objects and never formats for a platform: texts in
events are plain text (adapters escape them), itineraries travel as structured data.

Identity is the platform account: ``user_id`` is ``"<platform>:<sender id>"``. A conversation is
keyed by platform + chat (+ thread/topic): every member of a group shares one conversation, and each
turn records which member spoke.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.i18n.lang import Lang
from bot.planner.itinerary import Itinerary

Platform = Literal["telegram", "discord", "console"]


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Where a conversation lives: platform + chat (+ thread)."""

    platform: str
    chat_id: str
    thread_id: str | None = None

    def __str__(self) -> str:
        base = f"{self.platform}:{self.chat_id}"
        return f"{base}:{self.thread_id}" if self.thread_id else base


@dataclass(frozen=True, slots=True)
class Sender:
    id: str  # platform-local id, e.g. "123456"
    display_name: str = ""
    language_code: str | None = None  # e.g. "ko", "en-US" as the platform reports it
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """One normalised message from any platform."""

    platform: str
    chat_id: str
    message_id: str
    sender: Sender
    text: str = ""
    thread_id: str | None = None
    is_private: bool = True
    addressed_to_bot: bool = True  # command, @mention, reply to the bot, or private chat
    reply_to_message_id: str | None = None
    callback_data: str | None = None  # a pressed button / chosen option
    extras: Mapping[str, str] = field(default_factory=dict)  # platform ids that ride along

    @property
    def user_id(self) -> str:
        return f"{self.platform}:{self.sender.id}"

    @property
    def conversation(self) -> ConversationKey:
        return ConversationKey(self.platform, self.chat_id, self.thread_id)

    @property
    def dedup_id(self) -> str:
        """What makes a delivery unique on its platform (callbacks carry their own id)."""
        return f"{self.conversation}:{self.message_id}"


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    data: str  # opaque callback payload the core understands, e.g. "intake:party:2a"


@dataclass(frozen=True, slots=True)
class Working:
    """Work has started and may take a moment (typing indicator)."""

    kind: Literal["working"] = "working"


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of streamed text; the concatenation of deltas is the draft so far."""

    text: str
    kind: Literal["delta"] = "delta"


@dataclass(frozen=True, slots=True)
class Choices:
    """Options to show as buttons; ``multi`` lets the user toggle several before confirming."""

    options: tuple[Choice, ...]
    multi: bool = False
    kind: Literal["choices"] = "choices"


@dataclass(frozen=True, slots=True)
class ShownMessage:
    """A platform message showing (part of) a reply; ``text`` is its plain text, for platforms
    that cannot read a message back (Telegram), else ""."""

    message_id: str
    text: str = ""


PlanShown = Callable[[tuple[ShownMessage, ...]], Awaitable[None]]
# Called once each part but the last of a final message sent in parts was shown, with the number
# of its parts shown so far (the outbox records it before the next part is sent).
PartsShown = Callable[[int], Awaitable[None]]
"""Called by the adapter with the messages that show a final message (a plan, in groups)."""


@dataclass(frozen=True, slots=True)
class FinalMessage:
    """The complete reply; replaces any streamed draft. ``text`` is plain text."""

    text: str
    itinerary: Itinerary | None = None
    choices: Choices | None = None
    language: Lang = "en"
    kind: Literal["final"] = "final"
    shown: PlanShown | None = field(default=None, compare=False, repr=False)
    parts_shown: PartsShown | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class BusyReply(FinalMessage):
    """The "busy, try again" answer: the conversation stayed locked and nothing keeps the message
    to run it later (no durable inbox behind it). Shown as any final message; metrics count the
    turn as ``busy``."""


@dataclass(frozen=True, slots=True)
class FileReply:
    """A file to send, e.g. the .ics export."""

    filename: str
    mime_type: str
    data: bytes
    caption: str = ""
    kind: Literal["file"] = "file"


@dataclass(frozen=True, slots=True)
class Picture:
    """One image (a PNG route map); ``day`` is 1-based, None for the trip overview."""

    filename: str
    data: bytes
    caption: str = ""
    day: int | None = None
    button: Choice | None = None  # shown with the picture, e.g. "📍 Stops" of its day


@dataclass(frozen=True, slots=True)
class PictureReply:
    """Pictures shown together after the plan, each with its caption (and button)."""

    pictures: tuple[Picture, ...]
    language: Lang = "en"  # of the captions and buttons (a sender's own words follow it)
    kind: Literal["pictures"] = "pictures"


@dataclass(frozen=True, slots=True)
class Venue:
    """A place to navigate to."""

    title: str
    address: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class VenueReply:
    """A day's stops as tappable places (Telegram ``sendVenue``), in visit order."""

    venues: tuple[Venue, ...]
    kind: Literal["venues"] = "venues"


PollOpened = Callable[[str, str], Awaitable[None]]
"""Called by the adapter once a poll is shown: (platform poll id, platform message id)."""


@dataclass(frozen=True, slots=True)
class PollReply:
    """A decision the group takes by vote: a native poll (or buttons where polls do not fit).

    ``question`` already states the tie rule and the deadline. A vote comes back to the core as a
    message whose ``callback_data`` is ``v:<poll_key>:<option index>`` (buttons, the terminal) or,
    on Telegram, as a poll answer the core maps back to this conversation. The adapter calls
    ``opened`` with the platform's poll and message ids once the poll is shown (non-anonymous,
    one answer). A taken-back vote is ``v:<poll_key>:~<option>`` (only that option's vote goes).
    ``hours``: how long a platform poll that ends by itself may stay open (Discord); the core
    closes it at its own deadline or once everyone has voted, whichever comes first.
    """

    poll_key: str
    question: str
    options: tuple[str, ...]
    opened: PollOpened | None = field(default=None, compare=False, repr=False)
    hours: int = 24
    language: Lang = "en"
    kind: Literal["poll"] = "poll"


@dataclass(frozen=True, slots=True)
class ClosePoll:
    """Stop a poll shown earlier (everyone voted or its deadline passed); ids as reported."""

    poll_key: str
    platform_poll_id: str = ""
    platform_message_id: str = ""
    kind: Literal["close_poll"] = "close_poll"


PinSaved = Callable[[str], Awaitable[None]]
"""Called by the adapter with the platform id of the message that now shows the pinned plan."""


@dataclass(frozen=True, slots=True)
class PinnedPlan:
    """The group's one shared plan: sent and pinned once, then edited in place.

    ``text`` is plain text starting with a version line ("v3 · changed by Ann: …").
    ``message_id`` is the platform message showing it so far ("" for none: send and pin one);
    the adapter calls ``saved`` with the id of the message that shows it now.
    """

    text: str
    message_id: str = ""
    saved: PinSaved | None = field(default=None, compare=False, repr=False)
    language: Lang = "en"
    kind: Literal["pinned_plan"] = "pinned_plan"


@dataclass(frozen=True, slots=True)
class Superseded:
    """Plan messages shown earlier that the pinned plan now replaces: mark each with ``text``
    (a short plain line, e.g. "superseded — see the pinned plan (v3)"). A message that can no
    longer be edited is left as it is."""

    messages: tuple[ShownMessage, ...]
    text: str
    language: Lang = "en"
    kind: Literal["superseded"] = "superseded"


@dataclass(frozen=True, slots=True)
class ReplyStart:
    """Live only: the events that follow are the committed reply to the platform message whose
    delivery is ``reply`` (its :attr:`IncomingMessage.dedup_id`), from its event number ``first``
    on — the ones before were shown by a delivery that died (:mod:`bot.outbox`). ``lead`` is the
    number of its first :class:`FinalMessage`, the one that takes over a streamed draft (``None``:
    none, or it was shown already). Events are numbered as stored: live-only ones do not count.

    The core yields it where a reply is not simply the turn's own from its start: a reply shown
    again by a retried delivery, and a folded reply (:mod:`bot.busy`), which answers another
    message than the turn showing it. A platform whose sends are idempotent keys each send by
    reply, event number and part (Discord's nonces), so the same send after a kill is recognised
    as the message already there; other platforms ignore it. Without one, a turn's events are its
    own reply from event 0, and its first ``FinalMessage`` is the lead.

    ``part``: how many parts of event ``first`` (a final message sent in parts) were shown
    already; a platform without idempotent sends (Telegram) sends only the rest.
    """

    reply: str
    first: int = 0
    lead: int | None = None
    part: int = 0
    kind: Literal["reply_start"] = "reply_start"


ReplyEvent = (
    Working
    | ReplyStart
    | TextDelta
    | FinalMessage
    | FileReply
    | PictureReply
    | VenueReply
    | PollReply
    | ClosePoll
    | PinnedPlan
    | Superseded
)
