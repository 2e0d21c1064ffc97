"""Discord wire objects for the stand-in: ids, users, channels, the guild, recorded calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

TOKEN = "MTAwMDAw.test-token.never-real"
APP_ID = 1_100_000_000_000_000_001
BOT_ID = APP_ID
GUILD_ID = 1_100_000_000_000_000_100
CHANNEL_ID = 1_100_000_000_000_000_200
DM_CHANNEL_ID = 1_100_000_000_000_000_300
USER_ID = 1_100_000_000_000_000_400
NOW = "2026-11-27T02:00:00.000000+00:00"
DISCORD_EPOCH_MS = 1_420_070_400_000
PERMISSIONS = "2248473465835073"

BOT_USER: dict[str, Any] = {
    "id": str(BOT_ID),
    "username": "bundletrip",
    "discriminator": "0",
    "avatar": None,
    "global_name": "bundletrip",
    "bot": True,
}
USER: dict[str, Any] = {
    "id": str(USER_ID),
    "username": "minji",
    "discriminator": "0",
    "avatar": None,
    "global_name": "Minji",
}
MEMBER: dict[str, Any] = {
    "user": USER,
    "roles": [],
    "joined_at": NOW,
    "deaf": False,
    "mute": False,
    "flags": 0,
    "permissions": PERMISSIONS,
    "pending": False,
}
TEXT_CHANNEL: dict[str, Any] = {
    "id": str(CHANNEL_ID),
    "type": 0,
    "guild_id": str(GUILD_ID),
    "name": "trips",
    "position": 0,
    "permission_overwrites": [],
    "nsfw": False,
    "parent_id": None,
    "topic": None,
    "last_message_id": None,
    "rate_limit_per_user": 0,
}
DM_CHANNEL: dict[str, Any] = {
    "id": str(DM_CHANNEL_ID),
    "type": 1,
    "recipients": [USER],
    "last_message_id": None,
}
APPLICATION: dict[str, Any] = {
    "id": str(APP_ID),
    "name": "bundletrip",
    "description": "",
    "icon": None,
    "bot_public": True,
    "bot_require_code_grant": False,
    "owner": USER,
    "verify_key": "0" * 64,
    "flags": 0,
    "summary": "",
    "team": None,
}


@dataclass
class Call:
    """One REST call the bot made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float
    status: int = 200
    files: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class Shown:
    """A message as users see it now."""

    id: int
    channel_id: int
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    edits: int = 0
    loading: bool = False
    author: dict[str, Any] = field(default_factory=lambda: BOT_USER)
    poll: dict[str, Any] | None = None  # as created: question, answers, duration, multiselect
    votes: dict[str, int] = field(default_factory=dict)  # user id -> answer id
    poll_ended: bool = False

    def custom_ids(self) -> list[str]:
        return [c.get("custom_id", "") for row in self.components for c in row["components"]]

    def text(self) -> str:
        return self.content + "".join(e.get("description", "") for e in self.embeds)

    def answers(self) -> list[str]:
        """The poll's answers as shown (none: no poll)."""
        return [a["poll_media"]["text"] for a in (self.poll or {}).get("answers", [])]

    def poll_json(self) -> dict[str, Any]:
        """The poll as Discord returns it: answers numbered from 1, the expiry, the results."""
        assert self.poll is not None
        created = ((self.id >> 22) + DISCORD_EPOCH_MS) / 1000
        expiry = datetime.fromtimestamp(created + self.poll["duration"] * 3600, tz=UTC)
        counts = [{"id": i, "count": sum(1 for v in self.votes.values() if v == i),
                   "me_voted": False} for i in range(1, len(self.answers()) + 1)]  # fmt: skip
        return {"question": self.poll["question"], "expiry": expiry.isoformat(),
                "allow_multiselect": self.poll.get("allow_multiselect", False),
                "layout_type": self.poll.get("layout_type", 1),
                "answers": [{"answer_id": i, **a} for i, a in
                            enumerate(self.poll["answers"], start=1)],
                "results": {"is_finalized": self.poll_ended, "answer_counts": counts}}  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "channel_id": str(self.channel_id), "author": self.author,
                "content": self.content, "timestamp": NOW, "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": [], "embeds": self.embeds, "pinned": False, "type": 0,
                "flags": 0, "components": self.components,
                **({"poll": self.poll_json()} if self.poll is not None else {})}  # fmt: skip


@dataclass
class Context:
    """What the stand-in remembers of an interaction it dispatched."""

    id: int
    channel_id: int
    dispatched_at: float
    original: int | None = None  # the message id of the original response


def guild_payload() -> dict[str, Any]:
    """A small guild: the bot, one text channel."""
    everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": PERMISSIONS,
                "position": 0, "color": 0, "hoist": False, "managed": False,
                "mentionable": False, "flags": 0}  # fmt: skip
    bot_member = {**MEMBER, "user": BOT_USER}
    return {"id": str(GUILD_ID), "name": "Trip planners", "icon": None, "owner_id": str(USER_ID),
            "roles": [everyone], "emojis": [], "stickers": [], "features": [],
            "member_count": 2, "members": [bot_member], "channels": [TEXT_CHANNEL],
            "threads": [], "voice_states": [], "presences": [], "large": False,
            "unavailable": False, "joined_at": NOW, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
            "system_channel_flags": 0, "premium_tier": 0, "preferred_locale": "en-US",
            "nsfw_level": 0, "premium_progress_bar_enabled": False}  # fmt: skip
