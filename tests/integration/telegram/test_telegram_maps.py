"""Route maps on Telegram: a photo per day after the plan, and a day's stops as venues."""

from __future__ import annotations

import io

from PIL import Image

from bot.bootstrap import App
from bot.messages import ConversationKey
from standins.telegram_api import png_size
from standins.telegram_updates import group_chat, private_chat, user
from tests.support.telegram import Harness

ANN = user(601, "Ann", "en")
TRIP = "3 days from 12 December 2026, 2 adults, we love food and gardens"


async def plan_in(bot: Harness, chat: dict[str, object], who: dict[str, object], text: str) -> None:
    await bot.say(chat, who, text)
    summary = next(m for m in bot.standin.messages(int(str(chat["id"]))) if m.buttons())
    await bot.press(chat, who, "i:go", summary)


async def test_a_plan_is_followed_by_an_overview_and_one_photo_per_day(
    bot: Harness, core: App
) -> None:
    await plan_in(bot, private_chat(601), ANN, TRIP)
    state = await core.service.conversations.load(ConversationKey("telegram", "601"))
    assert state.itinerary is not None
    days = len(state.itinerary.days)
    photos = bot.standin.photos(601)
    assert len(photos) == days + 1
    text = bot.standin.messages(601)
    assert max(m.message_id for m in text if "Day 1" in m.shown) < photos[0].message_id
    assert photos[0].buttons() == [] and "3 days" in photos[0].shown
    for number, photo in enumerate(photos[1:], 1):
        assert photo.photo is not None
        name, data = photo.photo
        assert name.endswith(f"day{number}.png") and png_size(data)[0] == 1280
        assert len(data) <= 200_000
        Image.open(io.BytesIO(data)).verify()
        assert photo.shown.startswith(f"Day {number} ·")
        assert photo.buttons() == [(f"📍 Stops · day {number}", f"m:stops:{number}")]


async def test_the_stops_button_sends_the_days_stops_as_venues_in_visit_order(
    bot: Harness, core: App
) -> None:
    chat = private_chat(602)
    bo = user(602, "Bo", "en")
    await plan_in(bot, chat, bo, TRIP)
    state = await core.service.conversations.load(ConversationKey("telegram", "602"))
    assert state.itinerary is not None
    day2 = bot.standin.photos(602)[2]
    await bot.press(chat, bo, "m:stops:2", day2)
    venues = [v.venue for v in bot.standin.venues(602)]
    expected = [i for i in state.itinerary.days[1].items if i.kind != "transit"]
    assert len(venues) == len(expected) > 0
    for venue, item in zip(venues, expected, strict=True):
        assert venue is not None and item.place_id is not None
        assert venue["title"] == core.planner.kb.places[item.place_id].names.en
        assert abs(venue["location"]["latitude"] - (item.lat or 0)) < 1e-6
        assert abs(venue["location"]["longitude"] - (item.lon or 0)) < 1e-6
        assert venue["address"].startswith(f"{item.start}–{item.end}")
    assert bot.standin.calls_of("answerCallbackQuery")


async def test_korean_maps_have_korean_captions_and_buttons(bot: Harness) -> None:
    minsu = user(603, "민수", "ko")
    await plan_in(bot, private_chat(603), minsu, "12월 12일부터 2일, 어른 2명, 맛집 위주")
    photos = bot.standin.photos(603)
    assert photos and photos[1].shown.startswith("1일차")
    assert photos[1].buttons() == [("📍 1일차 장소", "m:stops:1")]


async def test_photos_in_a_group_survive_a_flood_wait(bot: Harness) -> None:
    group = group_chat(-100950)
    ann = user(951, "Ann")
    bot.standin.flood("sendPhoto", retry_after=1, times=1)
    await bot.say(group, ann, f"/plan@bundletrip_test_bot {TRIP}")
    await bot.say(group, ann, "@bundletrip_test_bot yes")
    calls = bot.standin.calls_of("sendPhoto")
    assert calls[0].status == 429 and calls[1].at - calls[0].at >= 1.0
    assert len(bot.standin.photos(-100950)) == len(calls) - 1 >= 3
