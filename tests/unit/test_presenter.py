"""The core presenter decides when a chat is touched; a recording sender shows what it asked."""

from __future__ import annotations

from collections.abc import Callable

from bot.messages import (
    ClosePoll,
    FileReply,
    FinalMessage,
    PictureReply,
    PinnedPlan,
    PollReply,
    ShownMessage,
    Superseded,
    TextDelta,
    VenueReply,
    Working,
)
from bot.presenter import Pacing, ReplyPresenter

ONCE = Pacing(draft_interval_s=1.0, typing_grace_s=0, typing_renew_s=None)


class RecordingSender:
    """Records every call; ``decline`` makes progress updates report "not shown now"."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.decline = False
        self.final_parts = 1

    async def typing(self) -> None:
        self.calls.append(("typing", ""))

    async def progress(self, text: str) -> bool:
        if self.decline:
            return False
        self.calls.append(("progress", text))
        return True

    async def final(
        self, event: FinalMessage, first_shown: Callable[[], None]
    ) -> tuple[ShownMessage, ...] | None:
        if not self.final_parts:
            return None
        self.calls.append(("final", event.text))
        first_shown()
        return tuple(ShownMessage(str(100 + i)) for i in range(self.final_parts))

    async def file(self, event: FileReply) -> None:
        self.calls.append(("file", event.filename))

    async def pictures(self, event: PictureReply) -> None:
        self.calls.append(("pictures", ""))

    async def venues(self, event: VenueReply) -> None:
        self.calls.append(("venues", ""))

    async def poll(self, event: PollReply) -> tuple[str, str] | None:
        self.calls.append(("poll", event.question))
        return ("poll-7", "55")

    async def close_poll(self, event: ClosePoll) -> None:
        self.calls.append(("close_poll", event.platform_message_id))

    async def pinned(self, event: PinnedPlan) -> str:
        self.calls.append(("pinned", event.text))
        return "" if event.message_id else "77"

    async def superseded(self, event: Superseded) -> None:
        self.calls.append(("superseded", event.text))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_drafts_show_at_once_then_at_most_once_per_interval() -> None:
    sender, clock = RecordingSender(), Clock()
    presenter = ReplyPresenter(sender, ONCE, clock=clock)
    for at, piece in [(0.0, "a"), (0.5, "b"), (1.0, "c"), (1.2, "d"), (2.1, "e")]:
        clock.now = at
        await presenter.show(TextDelta(piece))
    assert sender.calls == [("progress", "a"), ("progress", "abc"), ("progress", "abcde")]


async def test_a_declined_update_is_retried_by_the_next_delta_not_counted_as_shown() -> None:
    sender, clock = RecordingSender(), Clock()
    presenter = ReplyPresenter(sender, ONCE, clock=clock)
    sender.decline = True
    await presenter.show(TextDelta("a"))
    assert not presenter.visible
    sender.decline = False
    await presenter.show(TextDelta("b"))  # same instant: nothing was shown yet, so it goes out
    assert sender.calls == [("progress", "ab")] and presenter.visible


async def test_the_final_message_reports_its_messages_and_the_stream_starts_afresh() -> None:
    sender, clock = RecordingSender(), Clock()
    seen: list[tuple[ShownMessage, ...]] = []

    async def shown(messages: tuple[ShownMessage, ...]) -> None:
        seen.append(messages)

    sender.final_parts = 2
    presenter = ReplyPresenter(sender, ONCE, clock=clock)
    await presenter.show(TextDelta("plan"))
    await presenter.show(FinalMessage("plan ready", shown=shown))
    await presenter.show(TextDelta("next"))  # at the same instant: a new stream shows at once
    assert sender.calls == [("progress", "plan"), ("final", "plan ready"), ("progress", "next")]
    assert seen == [(ShownMessage("100"), ShownMessage("101"))]


async def test_a_final_that_shows_nothing_reports_nothing() -> None:
    sender = RecordingSender()
    sender.final_parts = 0
    seen: list[object] = []

    async def shown(messages: tuple[ShownMessage, ...]) -> None:
        seen.append(messages)

    presenter = ReplyPresenter(sender, ONCE, clock=Clock())
    await presenter.show(FinalMessage("", shown=shown))
    assert seen == [] and not presenter.visible


async def test_typing_is_shown_once_and_never_after_the_first_output() -> None:
    sender, visible = RecordingSender(), []
    presenter = ReplyPresenter(sender, ONCE, clock=Clock(), on_visible=lambda: visible.append(1))
    await presenter.show(Working())
    await presenter.show(Working())
    await presenter.show(FileReply("trip.ics", "text/calendar", b"x"))
    await presenter.show(Working())
    await presenter.show(FinalMessage("done"))
    assert [name for name, _ in sender.calls] == ["typing", "file", "final"]
    assert visible == [1]  # the first visible output is reported once


async def test_poll_and_pin_ids_go_back_to_the_core_only_when_new() -> None:
    sender = RecordingSender()
    opened: list[tuple[str, str]] = []
    saved: list[str] = []

    async def on_open(poll_id: str, message_id: str) -> None:
        opened.append((poll_id, message_id))

    async def on_save(message_id: str) -> None:
        saved.append(message_id)

    presenter = ReplyPresenter(sender, ONCE, clock=Clock())
    await presenter.show(PollReply("k1", "Which day?", ("1", "2"), opened=on_open))
    await presenter.show(PinnedPlan("v1", saved=on_save))
    await presenter.show(PinnedPlan("v2", message_id="77", saved=on_save))
    await presenter.show(ClosePoll("k1", platform_message_id="55"))
    assert opened == [("poll-7", "55")] and saved == ["77"]
    assert [name for name, _ in sender.calls] == ["poll", "pinned", "pinned", "close_poll"]
