"""The presenter decides what replaces a message and what is sent anew (a recording outbox)."""

from __future__ import annotations

from adapters.discord.deliver import ORIGINAL, Outbox, Presenter, Sent
from adapters.discord.render import Part
from bot.messages import (
    Choice,
    Choices,
    FileReply,
    FinalMessage,
    PollReply,
    ReplyEvent,
    ReplyStart,
    TextDelta,
)


class RecordingOutbox(Outbox):
    """Records sends and edits instead of calling Discord."""

    def __init__(self) -> None:
        super().__init__("en")
        self.log: list[tuple[str, Sent, str]] = []

    async def send(self, part: Part, key: str = "") -> Sent:
        sent = Sent(None)
        self.log.append(("send", sent, part.content or ""))
        return sent

    async def edit(self, sent: Sent, part: Part) -> None:
        self.log.append(("edit", sent, part.content or ""))

    async def discard(self, sent: Sent) -> None:
        self.log.append(("discard", sent, ""))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


GO = Choices((Choice("Go", "i:go"),))


async def test_a_deferred_command_gets_its_answer_in_the_original_response() -> None:
    outbox = RecordingOutbox()
    presenter = Presenter(outbox, placeholder=ORIGINAL, claim="first")
    await presenter.show(FinalMessage("hello"))
    await presenter.close()
    assert outbox.log == [("edit", ORIGINAL, "hello")]


async def test_a_deferred_command_without_any_output_removes_the_thinking_message() -> None:
    outbox = RecordingOutbox()
    presenter = Presenter(outbox, placeholder=ORIGINAL, claim="first")
    await presenter.close()
    assert outbox.log == [("discard", ORIGINAL, "")]


async def test_a_press_edits_the_pressed_message_only_for_new_state() -> None:
    outbox = RecordingOutbox()
    presenter = Presenter(outbox, placeholder=ORIGINAL, claim="state")
    await presenter.show(FinalMessage("your calendar"))
    await presenter.show(FileReply("trip.ics", "text/calendar", b"BEGIN:VCALENDAR"))
    assert [kind for kind, _, _ in outbox.log] == ["send", "send"]
    await presenter.show(FinalMessage("next question", choices=GO))
    assert outbox.log[-1] == ("edit", ORIGINAL, "next question")


async def test_drafts_are_written_at_most_once_per_interval_and_the_final_replaces_them() -> None:
    outbox, clock = RecordingOutbox(), Clock()
    presenter = Presenter(outbox, interval_s=1.0, clock=clock)
    for at, piece in [(0.0, "a"), (0.5, "b"), (1.0, "c"), (1.2, "d"), (2.1, "e")]:
        clock.now = at
        await presenter.show(TextDelta(piece))
    await presenter.show(FinalMessage("abcdef"))
    assert [(kind, text) for kind, _, text in outbox.log] == [
        ("send", "a"),
        ("edit", "abc"),
        ("edit", "abcde"),
        ("edit", "abcdef"),
    ]
    assert len({id(sent) for _, sent, _ in outbox.log}) == 1


class KeyedOutbox(RecordingOutbox):
    """Records which key each new message was sent under (its nonce on Discord)."""

    def __init__(self, turn: str) -> None:
        super().__init__()
        self.turn = turn
        self.keys: list[str] = []

    async def send(self, part: Part, key: str = "") -> Sent:
        self.keys.append(key)
        return await super().send(part, key)


async def test_a_reply_shown_again_sends_under_the_keys_it_had_whatever_its_rendering() -> None:
    """The keys (Discord's nonces) name reply, event number and part, not content: the draft
    and the final message that replaces it share the lead key, and a reply shown again from its
    second event — or shown by another delivery (a folded reply) — keeps its keys."""
    poll = PollReply("p1", "Which day?", ("Mon", "Tue"), hours=24)
    reply: list[ReplyEvent] = [FinalMessage("plan", choices=GO), poll, FinalMessage("more")]
    live = KeyedOutbox("d:1")
    presenter = Presenter(live)
    await presenter.show(TextDelta("planning…"))  # the draft, before the commit
    for event in reply:
        await presenter.show(event)
    assert live.keys == ["d:1|lead", "d:1|1.poll", "d:1|2"]

    again = KeyedOutbox("d:1")  # the retried delivery: no draft, the whole reply anew
    presenter = Presenter(again)
    await presenter.show(ReplyStart("d:1", 0, 0))
    for event in reply:
        await presenter.show(event)
    assert again.keys == live.keys

    rest = KeyedOutbox("d:1")  # killed after the plan was shown: the rest only
    presenter = Presenter(rest)
    await presenter.show(ReplyStart("d:1", 1, None))
    for event in reply[1:]:
        await presenter.show(event)
    assert rest.keys == live.keys[1:]

    other = KeyedOutbox("d:0")  # a folded reply, shown by the delivery that folded it
    presenter = Presenter(other)
    await presenter.show(FinalMessage("its own answer"))
    await presenter.show(ReplyStart("d:1", 0, 0))
    for event in reply:
        await presenter.show(event)
    assert other.keys == ["d:0|lead", *again.keys]
