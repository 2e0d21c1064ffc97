"""Pure pieces of the Discord adapter: splitting, escaping, views, command lines, settings."""

from __future__ import annotations

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.client import point_at, shard_config
from adapters.discord.render import render_draft, render_final, split_text
from adapters.discord.translate import attraction_choices, plan_command_line
from adapters.discord.views import SELECT_PREFIX, callback_data, choices_view
from bot.config import Settings
from bot.errors import ConfigurationError
from bot.intake.options import TripOptions
from bot.intake.places import PlaceIndex
from bot.messages import Choice, Choices, FinalMessage
from bot.planner.kb import load_knowledge_base
from tests.support.brains import stub_itinerary


@given(st.text(alphabet=st.sampled_from("ab \n\\*"), max_size=3000), st.integers(10, 500))
def test_split_text_keeps_every_character_and_respects_the_limit(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_split_text_prefers_paragraphs_then_lines_then_words() -> None:
    text = "a" * 50 + "\n\n" + "b" * 30 + "\n" + "c" * 30
    assert split_text(text, 70) == ["a" * 50, "b" * 30 + "\n" + "c" * 30]
    assert split_text("word " * 30, 40)[0] == ("word " * 8).strip()


def test_a_final_itinerary_becomes_embeds_within_discords_limits() -> None:
    text = "\n\n".join(f"Day {d}\n" + "x " * 1500 for d in range(6))
    parts = render_final(FinalMessage(text, itinerary=stub_itinerary()))
    assert len(parts) >= 2
    for part in parts:
        assert part.content is None and 1 <= len(part.embeds) <= 10
        sizes = [len(e.description or "") for e in part.embeds]
        assert max(sizes) <= 4096 and sum(sizes) <= 6000


def test_choices_ride_on_the_last_part_only() -> None:
    choices = Choices((Choice("Go", "i:go"),))
    parts = render_final(FinalMessage("y " * 1500, choices=choices))
    assert [p.choices for p in parts] == [None, choices]


def test_a_long_draft_is_cut_but_stays_one_message() -> None:
    part = render_draft("z " * 3000)
    assert part.content is not None and len(part.content) <= 2000


async def test_up_to_ten_choices_are_buttons_and_more_are_select_menus() -> None:
    few = choices_view(
        Choices(tuple(Choice(f"{n} days", f"i:days:{n}") for n in range(1, 8))), "en"
    )
    assert few is not None and [getattr(i, "custom_id", "") for i in few.children][:2] == [
        "i:days:1",
        "i:days:2",
    ]
    many = choices_view(Choices(tuple(Choice(f"o{n}", f"p:x:{n}") for n in range(30))), "en")
    assert many is not None and len(many.children) == 2
    assert all(getattr(i, "custom_id", "").startswith(SELECT_PREFIX) for i in many.children)
    too_long = choices_view(Choices((Choice("x", "p:" + "9" * 120),)), "en")
    assert too_long is None


def test_callback_data_reads_buttons_and_select_menus() -> None:
    assert callback_data({"custom_id": "i:go", "component_type": 2}) == "i:go"
    select = {"custom_id": f"{SELECT_PREFIX}0", "component_type": 3, "values": ["p:ics"]}
    assert callback_data(select) == "p:ics"
    assert callback_data(None) is None


def test_plan_options_become_the_command_line_the_core_parses() -> None:
    options = TripOptions(days=4, start="12 March", adults=2, children=1, styles=["food", "food"],
                          budget=1500, transport="public", note="no spicy food")  # fmt: skip
    assert plan_command_line(options) == (
        "/plan 4 days, from 12 March, 2 adults, 1 child, food, S$1,500 each, public transport, "
        "no spicy food"
    )
    assert plan_command_line(TripOptions()) == "/plan"
    assert plan_command_line(TripOptions(budget=2_000_000, currency="KRW")) == (
        "/plan 2,000,000 won each"
    )


def test_attraction_autocomplete_matches_numbers_and_names_in_both_languages() -> None:
    index = PlaceIndex.for_kb(load_knowledge_base())
    assert len(attraction_choices(index.complete(""), korean=False)) == 25
    by_name = attraction_choices(index.complete("gardens by"), korean=False)
    assert any("Gardens by the Bay" in c.name for c in by_name)
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in by_name)
    korean = attraction_choices(index.complete("gardens by"), korean=True)
    assert korean and korean[0].value == by_name[0].value and korean[0].name != by_name[0].name
    # the names people use and Korean names complete too
    assert "Universal Studios" in attraction_choices(index.complete("USS"), korean=False)[0].name
    assert attraction_choices(index.complete("유니버"), korean=True)[0].name.endswith(
        "유니버설 스튜디오 싱가포르"
    )


@pytest.mark.parametrize(
    ("count", "ids", "expected"),
    [(None, None, (None, None)), (4, None, (4, None)), (4, "2, 0", (4, [0, 2]))],
)
def test_shards_come_from_the_settings(
    count: int | None, ids: str | None, expected: tuple[int | None, list[int] | None]
) -> None:
    settings = Settings(_env_file=None, discord_shard_count=count, discord_shard_ids=ids)
    assert shard_config(settings) == expected


@pytest.mark.parametrize(("count", "ids"), [(None, "0"), (2, "2"), (2, "a")])
def test_shard_settings_that_cannot_work_are_refused(count: int | None, ids: str) -> None:
    settings = Settings(_env_file=None, discord_shard_count=count, discord_shard_ids=ids)
    with pytest.raises(ConfigurationError):
        shard_config(settings)


def test_the_api_base_url_gets_the_api_version_unless_it_has_one() -> None:
    point_at("http://127.0.0.1:9/api/", None)
    assert Route.BASE == "http://127.0.0.1:9/api/v10"
    point_at("http://127.0.0.1:9/api/v9", "ws://127.0.0.1:9/gateway")
    assert Route.BASE == "http://127.0.0.1:9/api/v9"
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:9/gateway"
