"""One contract, two implementations: every case runs on the in-memory fakes and on real Redis.

The fakes (:mod:`tests.support.storage`) let unit tests run the core without Redis; these cases
keep them honest — a behaviour the Redis stores have and the fakes lack (or the reverse) fails
here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import redis.asyncio as aioredis

from bot.errors import LockTimeout
from bot.messages import ConversationKey, ShownMessage
from bot.storage.inbox import Inbox
from bot.storage.models import FORGOTTEN, ArchivedTrip, ConversationState, Turn
from bot.storage.pending import PendingMessages, RedisPendingMessages
from bot.storage.polls import PollIndex, PollRef, RedisPollIndex
from bot.storage.ports import ConversationStore, Eraser, LockHandle, ProfileStore, QuotaStore
from bot.storage.redis_forget import RedisEraser
from bot.storage.redis_inbox import RedisStreamInbox
from bot.storage.redis_store import (
    Keys,
    RedisConversationStore,
    RedisProfileStore,
    RedisQuotaStore,
)
from bot.trip import TripRequest
from tests.support import message
from tests.support.redis import drop_prefix
from tests.support.storage import (
    MemoryConversationStore,
    MemoryEraser,
    MemoryInbox,
    MemoryPendingMessages,
    MemoryPollIndex,
    MemoryProfileStore,
    MemoryQuotaStore,
)

pytestmark = pytest.mark.redis
PRIVATE = ConversationKey("telegram", "42")
GROUP = ConversationKey("telegram", "-100777", "5")
DAY = "2026-11-27"
MAX_TURNS = 6


@dataclass
class Stores:
    conversations: ConversationStore
    profiles: ProfileStore
    quotas: QuotaStore
    eraser: Eraser
    pending: PendingMessages
    polls: PollIndex
    inbox: Inbox


def _memory() -> Stores:
    conversations = MemoryConversationStore(max_turns=MAX_TURNS, lock_wait_s=0.2)
    profiles, quotas = MemoryProfileStore(), MemoryQuotaStore()
    return Stores(
        conversations, profiles, quotas, MemoryEraser(conversations, profiles, quotas),
        MemoryPendingMessages(), MemoryPollIndex(), MemoryInbox(clock=lambda: 0.0),
    )  # fmt: skip


def _redis(client: aioredis.Redis, prefix: str) -> Stores:
    keys = Keys(prefix)
    conversations = RedisConversationStore(
        client, keys, max_turns=MAX_TURNS, ttl_s=3600, dedup_ttl_s=3600,
        lock_timeout_s=30, lock_wait_s=0.2,
    )  # fmt: skip
    return Stores(
        conversations, RedisProfileStore(client, keys, ttl_s=3600), RedisQuotaStore(client, keys),
        RedisEraser(client, keys, conversations), RedisPendingMessages(client, keys),
        RedisPollIndex(client, keys), RedisStreamInbox(client, keys, "contract"),
    )  # fmt: skip


@pytest.fixture(params=["memory", "redis"])
async def stores(
    request: pytest.FixtureRequest, redis_url: str, key_prefix: str
) -> AsyncIterator[Stores]:
    if request.param == "memory":
        yield _memory()
        return
    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        yield _redis(client, key_prefix)
    finally:
        await drop_prefix(client, key_prefix)
        await client.aclose()


def _turn(text: str, speaker: str | None = None, name: str = "") -> Turn:
    return Turn(role="user" if speaker else "assistant", text=text, speaker=speaker, name=name)


async def _commit(
    store: ConversationStore, key: ConversationKey, turns: list[Turn], processed: str | None = None
) -> None:
    async with store.lock(key) as held:
        state = await store.load(key)
        state.version += 1
        await store.commit(held, state, turns, processed)


# -- conversations --------------------------------------------------------------------------
async def test_a_new_conversation_is_fresh(stores: Stores) -> None:
    assert await stores.conversations.load(PRIVATE) == ConversationState()
    assert await stores.conversations.recent_turns(PRIVATE, 10) == []
    assert await stores.conversations.archived(PRIVATE) == []
    assert not await stores.conversations.is_processed(PRIVATE, "m1")


async def test_commit_stores_state_turns_and_the_processed_mark_together(stores: Stores) -> None:
    store = stores.conversations
    async with store.lock(PRIVATE) as held:
        state = ConversationState(stage="intake", awaiting="dates", members=["telegram:42"])
        await store.commit(held, state, [_turn("hi", "telegram:42"), _turn("hello")], "m1")
    assert (await store.load(PRIVATE)).awaiting == "dates"
    assert [t.text for t in await store.recent_turns(PRIVATE, 10)] == ["hi", "hello"]
    assert await store.is_processed(PRIVATE, "m1")
    assert not await store.is_processed(GROUP, "m1")  # marks belong to one conversation


async def test_the_outbox_keeps_what_is_left_of_a_reply_until_all_was_shown(
    stores: Stores,
) -> None:
    store = stores.conversations
    async with store.lock(PRIVATE) as held:
        await store.commit(held, ConversationState(), [], "m1", reply="final+poll")
    await store.reply_left(PRIVATE, "m1", "poll")
    assert await store.unsent_reply(PRIVATE, "m1") == "poll"
    await store.reply_left(PRIVATE, "m1", "")
    assert await store.unsent_reply(PRIVATE, "m1") is None
    await store.reply_left(PRIVATE, "m1", "poll")  # forgotten stays forgotten
    assert await store.unsent_reply(PRIVATE, "m1") is None


async def test_a_folded_reply_is_kept_as_the_first_messages_and_the_others_forgotten(
    stores: Stores,
) -> None:
    store = stores.conversations
    for message_id in ("m1", "m2", "m3"):
        async with store.lock(GROUP) as held:
            await store.commit(held, ConversationState(), [], message_id, reply=message_id)
    await store.replies_folded(GROUP, "m2", "folded", ["m1", "m3"])
    assert [await store.unsent_reply(GROUP, m) for m in ("m1", "m2", "m3")] == [
        None, "folded", None,
    ]  # fmt: skip
    await store.reply_sent(GROUP, "m2")
    await store.replies_folded(GROUP, "m2", "folded", [])  # forgotten stays forgotten
    assert await store.unsent_reply(GROUP, "m2") is None


async def test_history_keeps_the_newest_turns_up_to_the_bound(stores: Stores) -> None:
    for index in range(MAX_TURNS + 3):
        await _commit(stores.conversations, PRIVATE, [_turn(f"t{index}")])
    turns = await stores.conversations.recent_turns(PRIVATE, 100)
    assert [t.text for t in turns] == [f"t{i}" for i in range(3, MAX_TURNS + 3)]
    assert [t.text for t in await stores.conversations.recent_turns(PRIVATE, 2)] == [
        f"t{MAX_TURNS + 1}",
        f"t{MAX_TURNS + 2}",
    ]
    assert await stores.conversations.recent_turns(PRIVATE, 0) == []
    assert (await stores.conversations.load(PRIVATE)).version == MAX_TURNS + 3


async def test_a_commit_without_the_lock_is_refused_and_writes_nothing(stores: Stores) -> None:
    forged = LockHandle(PRIVATE, "not-the-token")
    with pytest.raises(LockTimeout):
        await stores.conversations.commit(forged, ConversationState(version=9), [_turn("x")], "m")
    assert await stores.conversations.load(PRIVATE) == ConversationState()
    assert await stores.conversations.recent_turns(PRIVATE, 5) == []
    assert not await stores.conversations.is_processed(PRIVATE, "m")


async def test_a_busy_conversation_makes_the_second_locker_time_out(stores: Stores) -> None:
    store = stores.conversations
    async with store.lock(PRIVATE):
        with pytest.raises(LockTimeout):
            async with store.lock(PRIVATE):
                pass  # pragma: no cover - never entered
        async with store.lock(GROUP):  # another conversation is not blocked
            pass
    async with store.lock(PRIVATE):  # released: free again
        pass


async def test_a_waiting_locker_gets_the_lock_when_it_is_released(stores: Stores) -> None:
    store = stores.conversations
    order: list[str] = []

    async def second() -> None:
        async with store.lock(PRIVATE):
            order.append("second")

    async with store.lock(PRIVATE):
        waiter = asyncio.create_task(second())
        await asyncio.sleep(0)  # the waiter starts and finds the lock taken
        order.append("first")
    await waiter
    assert order == ["first", "second"]


async def test_archive_keeps_the_trip_newest_first_and_clears_the_conversation(
    stores: Stores,
) -> None:
    store = stores.conversations
    for title in ("first", "second"):
        await _commit(store, PRIVATE, [_turn(f"about {title}")])
        async with store.lock(PRIVATE) as held:
            trip = ArchivedTrip(
                trip_id=title, archived_at=1.0, created_at=0.0, title=title, request=TripRequest()
            )
            await store.archive(held, trip)
    assert [t.title for t in await store.archived(PRIVATE)] == ["second", "first"]
    assert await store.load(PRIVATE) == ConversationState()
    assert await store.recent_turns(PRIVATE, 10) == []


# -- profiles, quotas -----------------------------------------------------------------------
async def test_a_language_is_remembered_per_user(stores: Stores) -> None:
    assert await stores.profiles.language("telegram:42") is None
    await stores.profiles.set_language("telegram:42", "ko")
    assert await stores.profiles.language("telegram:42") == "ko"
    assert await stores.profiles.language("telegram:43") is None


async def test_quota_counts_per_user_and_day(stores: Stores) -> None:
    assert await stores.quotas.used("u", DAY) == 0
    assert [await stores.quotas.add("u", DAY) for _ in range(3)] == [1, 2, 3]
    assert await stores.quotas.used("u", "2026-11-28") == 0
    assert await stores.quotas.used("v", DAY) == 0


async def test_parallel_reservations_never_pass_the_limit(stores: Stores) -> None:
    for _ in range(7):
        await stores.quotas.add("u", DAY)
    granted = await asyncio.gather(*(stores.quotas.reserve("u", DAY, 10) for _ in range(8)))
    assert sum(granted) == 3 and await stores.quotas.used("u", DAY) == 10
    await stores.quotas.release("u", DAY)
    assert await stores.quotas.used("u", DAY) == 9
    assert await stores.quotas.reserve("u", DAY, 10)
    assert not await stores.quotas.reserve("u", DAY, 10)


# -- /forget --------------------------------------------------------------------------------
async def test_forget_deletes_private_chats_and_blanks_group_turns(stores: Stores) -> None:
    zed, ann = "telegram:9", "telegram:8"
    await stores.profiles.set_language(zed, "ko")
    await stores.profiles.remember_conversation(zed, PRIVATE, True, "Zed")
    await stores.profiles.remember_conversation(zed, GROUP, False, "Zed")
    await _commit(stores.conversations, PRIVATE, [_turn("my secret plans", zed, "Zed")])
    async with stores.conversations.lock(GROUP) as held:
        state = ConversationState(is_private=False, members=[zed, ann], intake_owner=zed)
        turns = [_turn("zed wants sushi", zed, "Zed"), _turn("Noted for Zed"), _turn("ok", ann)]
        await stores.conversations.commit(held, state, turns, None)

    assert await stores.eraser.forget_user(zed) > 0

    assert await stores.profiles.language(zed) is None
    assert await stores.conversations.recent_turns(PRIVATE, 10) == []
    group = await stores.conversations.recent_turns(GROUP, 10)
    assert (group[0].speaker, group[0].text) == (FORGOTTEN, "")
    assert "Zed" not in group[1].text and group[2].text == "ok"
    state = await stores.conversations.load(GROUP)
    assert state.members == [ann] and state.intake_owner is None


# -- pending messages -----------------------------------------------------------------------
async def test_pending_messages_wait_in_order_until_claimed_each_once(stores: Stores) -> None:
    first, second = message("one", message_id="p1"), message("two", message_id="p2")
    for msg in (first, second, first):  # a redelivery is not queued twice
        await stores.pending.push(PRIVATE, msg)
    assert await stores.pending.peek(PRIVATE) == [first, second]
    assert await stores.pending.peek(PRIVATE) == [first, second]  # looking takes nothing
    assert await stores.pending.claim(PRIVATE, "p2")
    assert not await stores.pending.claim(PRIVATE, "p2")
    assert await stores.pending.peek(PRIVATE) == [first]
    await stores.pending.push(PRIVATE, second)  # a retried delivery queues again, at the end
    assert await stores.pending.peek(PRIVATE) == [first, second]
    assert await stores.pending.claim(PRIVATE, "p1") and await stores.pending.claim(PRIVATE, "p2")
    assert await stores.pending.peek(PRIVATE) == []


# -- polls ----------------------------------------------------------------------------------
async def test_polls_are_found_by_platform_id_and_by_decision(stores: Stores) -> None:
    ref = PollRef(
        platform="telegram", chat_id="-100777", thread_id="5", poll_key="day2",
        platform_poll_id="5432101", message_id="77",
    )  # fmt: skip
    assert await stores.polls.by_platform("telegram", "5432101") is None
    await stores.polls.remember(ref)
    assert await stores.polls.by_platform("telegram", "5432101") == ref
    assert await stores.polls.by_key(GROUP, "day2") == ref
    assert await stores.polls.by_key(GROUP, "day3") is None
    assert await stores.polls.pin(GROUP) == ""
    await stores.polls.remember_pin(GROUP, "88")
    assert await stores.polls.pin(GROUP) == "88"


async def test_plan_messages_are_taken_once(stores: Stores) -> None:
    shown = (ShownMessage("1", "Day 1"), ShownMessage("2", "Day 2"))
    await stores.polls.remember_plans(GROUP, shown)
    await stores.polls.remember_plans(GROUP, ())
    assert await stores.polls.take_plans(GROUP) == list(shown)
    assert await stores.polls.take_plans(GROUP) == []


async def test_due_polls_are_taken_by_one_sweeper_only(stores: Stores) -> None:
    other = ConversationKey("telegram", "-100888")
    await stores.polls.due_at(GROUP, 100.0)
    await stores.polls.due_at(other, 300.0)
    await stores.polls.due_at(ConversationKey("discord", "1"), 50.0)
    assert await stores.polls.take_due("telegram", 200.0) == [GROUP]
    assert await stores.polls.take_due("telegram", 200.0) == []
    assert await stores.polls.take_due("telegram", 300.0) == [other]


# -- the inbox ------------------------------------------------------------------------------
async def test_the_inbox_hands_each_entry_to_one_consumer_until_acknowledged(
    stores: Stores,
) -> None:
    inbox = stores.inbox
    ids = [await inbox.put(f"u{i}") for i in range(3)]
    taken = await inbox.take("a", 2, 0.01)
    assert [e.payload for e in taken] == ["u0", "u1"]
    assert [e.payload for e in await inbox.take("b", 5, 0.01)] == ["u2"]
    assert await inbox.take("b", 5, 0.01) == []  # nothing new: waits, then nothing
    assert (await inbox.stats()).pending == 3
    for entry_id in ids:
        await inbox.ack(entry_id)
    assert (await inbox.stats()).pending == 0 and (await inbox.stats()).oldest_age_s == 0.0


async def test_put_taken_gives_older_untaken_entries_too(stores: Stores) -> None:
    await stores.inbox.put("old")
    entries = await stores.inbox.put_taken("a", "new")
    assert [e.payload for e in entries] == ["old", "new"]
    assert await stores.inbox.take("b", 5, 0.01) == []


async def test_entries_of_an_idle_consumer_are_reclaimed(stores: Stores) -> None:
    await stores.inbox.put("u0")
    [entry] = await stores.inbox.take("dead", 1, 0.01)
    assert await stores.inbox.reclaim("alive", 3600, 10) == []  # not idle long enough
    [again] = await stores.inbox.reclaim("alive", 0, 10)
    assert again == entry
    await stores.inbox.touch("alive", [again.id])
    await stores.inbox.ack(again.id)
    assert await stores.inbox.reclaim("alive", 0, 10) == []
