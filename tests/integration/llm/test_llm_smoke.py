"""The real openai client talks to the stand-in: streaming, JSON, usage."""

from __future__ import annotations

import openai

from bot.bootstrap import App
from standins.openai_api import StandInOpenAI, Text
from tests.integration.llm.helpers import final, say, streamed


async def test_text_streams_as_deltas_and_the_final_message_replaces_them(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Text("Singapore is lovely in December. When would you like to travel?"))
    events = await say(llm_app, "hi, thinking about singapore")
    assert streamed(events) == "Singapore is lovely in December. When would you like to travel?"
    assert final(events).text == streamed(events)
    body = standin.requests[0].body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["messages"][0]["role"] == "system"
    assert {t["function"]["name"] for t in body["tools"]} >= {"update_trip", "plan_trip"}


async def test_the_stand_in_also_answers_plain_json(standin: StandInOpenAI) -> None:
    standin.script(Text("plain"))
    client = openai.AsyncOpenAI(api_key="sk-test", base_url=standin.url, max_retries=0)
    reply = await client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hello"}]
    )
    await client.close()
    assert reply.choices[0].message.content == "plain"
    assert reply.usage is not None and reply.usage.prompt_tokens > 0


async def test_usage_command_shows_smart_mode_tokens_and_cost(
    llm_app: App, standin: StandInOpenAI
) -> None:
    standin.script(Text("Happy to help plan Singapore."))
    await say(llm_app, "hello there")
    events = await say(llm_app, "/usage")
    text = final(events).text
    assert "1 of 1000 requests" in text
    assert "Smart mode today:" in text and "tokens" in text and "US$" in text
