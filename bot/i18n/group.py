"""Texts of group trips: the members' wishes (/group), fairness, costs and /split, the
pinned plan, and the polls."""

from __future__ import annotations

from bot.i18n.lang import Lang

GROUP: dict[str, dict[Lang, str]] = {
    "group.head": {"en": "👥 Trip members ({n})", "ko": "👥 여행 멤버 ({n}명)"},
    "group.empty": {
        "en": (
            "No members yet: everyone who writes to me here joins the trip. Tell me your "
            'wishes, e.g. "I want the Night Safari", "no museums", "my cap is S$400", "I can '
            'only come on days 2-3".'
        ),
        "ko": (
            "아직 멤버가 없어요. 여기서 저에게 말하는 사람은 모두 여행 멤버가 됩니다. 예: "
            '"나이트 사파리 가고 싶어요", "박물관은 싫어요", "내 예산은 40만원", "2~3일차만 '
            '가능해요".'
        ),
    },
    "group.private": {
        "en": "This is a private chat: add me to a group (or a Discord thread) to plan together.",
        "ko": "개인 대화예요. 함께 계획하려면 저를 그룹(또는 디스코드 스레드)에 초대해 주세요.",
    },
    "group.wants": {"en": "wants", "ko": "가고 싶은 곳"},
    "group.avoids": {"en": "avoids", "ko": "피하고 싶은 것"},
    "group.styles": {"en": "likes", "ko": "취향"},
    "group.cap": {"en": "cap S${amount}", "ko": "예산 상한 S${amount}"},
    "group.budget_tightest": {
        "en": "Budget per person: {amount}, the tightest any of you said ({each}).",
        "ko": "1인당 예산: {amount} — 말씀하신 금액 중 가장 빠듯한 쪽으로 잡았어요 ({each}).",
    },
    "group.party_members": {
        "en": (
            'the {n} of you here ({names}) — say "5 of us" or "2 adults and a child" if '
            "that is not who is coming"
        ),
        "ko": '여기 계신 {n}명({names}) — 인원이 다르면 "우리 5명"처럼 알려 주세요',
    },
    "group.days": {"en": "days {days}", "ko": "{days}일차"},
    "group.mobility": {"en": "limited mobility", "ko": "이동 불편"},
    "group.no_wishes": {"en": "no wishes yet", "ko": "아직 바람 없음"},
    "group.ticket_child": {"en": "child ticket", "ko": "어린이 요금"},
    "group.ticket_senior": {"en": "senior ticket", "ko": "경로 요금"},
    "group.ticket_student": {
        "en": "student (adult price: no student rates known)",
        "ko": "학생 (학생 요금 정보가 없어 성인 요금)",
    },
    "group.age": {"en": "{age}", "ko": "{age}세"},
    "group.brings": {"en": "with {n} child(ren){ages}", "ko": "아이 {n}명 동반{ages}"},
    "group.served": {"en": "{n}/{total} of your wishes", "ko": "소원 {total}개 중 {n}개"},
    "group.all_served": {"en": "✓", "ko": "✓"},
    "group.no_fit": {"en": "{place} did not fit the days", "ko": "{place}: 일정에 맞지 않음"},
    "group.budget": {"en": "{place} was over a member's cap", "ko": "{place}: 예산 상한 초과"},
    "group.absent": {
        "en": "{place} is on day {day}, when you are away",
        "ko": "{place}: 불참일({day}일차)",
    },
    "group.avoided": {
        "en": "{place} is avoided by another member",
        "ko": "{place}: 다른 멤버가 원치 않음",
    },
    "group.voted": {"en": "{place} was dropped by the group's vote", "ko": "{place}: 투표로 빠짐"},
    "group.vote": {"en": "vote to swap?", "ko": "바꾸자고 투표할까요?"},
    "group.fair_avoid_kept": {"en": "no {what}: kept ✓", "ko": "{what} 빼기: 지켰어요 ✓"},
    "group.fair_style": {
        "en": "{style} on {n}/{total} days",
        "ko": "{style}: {total}일 중 {n}일",
    },
    "group.avoid_broken": {
        "en": "planned though you avoid: {places}",
        "ko": "원치 않는 곳 포함: {places}",
    },
    "group.share": {"en": "share S${amount}", "ko": "부담액 S${amount}"},
    "group.share_cap": {
        "en": "share S${amount} of a S${cap} cap",
        "ko": "부담액 S${amount} / 상한 S${cap}",
    },
    "group.from_day": {"en": "from day {day}", "ko": "{day}일차부터"},
    "group.pin_head": {
        "en": "📌 v{n} · changed by {name}: {what}",
        "ko": "📌 v{n} · {name}님이 바꿈: {what}",
    },
    "group.pin_day": {"en": "Day {n} · {date}: {places}", "ko": "{n}일차 · {date}: {places}"},
    "group.superseded": {
        "en": "⚠️ Superseded — see the pinned plan (v{n}).",
        "ko": "⚠️ 지난 일정이에요 — 고정된 일정(v{n})을 보세요.",
    },
    "group.deadline": {"en": "the poll's deadline", "ko": "투표 마감 시간"},
    "group.what_plan": {"en": "made the plan", "ko": "일정을 만듦"},
    "group.what_vote": {"en": "a vote closed", "ko": "투표 마감"},
    "group.what_edit": {"en": "edited the plan", "ko": "일정을 고침"},
    "group.what_poll": {"en": " (poll)", "ko": " (투표)"},
    "group.what_area": {"en": "Day {day}: {area}", "ko": "{day}일차: {area}"},
    "group.what_swapped": {"en": "swapped {old} for {new}", "ko": "{old} 대신 {new}"},
    "group.what_added": {"en": "added {places}", "ko": "{places} 추가"},
    "group.what_dropped": {"en": "dropped {places}", "ko": "{places} 뺌"},
    "group.what_moved": {"en": "{place} to day {day}", "ko": "{place} → {day}일차"},
    "group.what_times": {"en": "new times on day {day}", "ko": "{day}일차 시간 조정"},
    "group.what_dates": {"en": "dates {dates}", "ko": "날짜 {dates}"},
    "group.what_cap": {"en": "budget cap S${amount}", "ko": "예산 상한 S${amount}"},
    "group.what_days": {"en": "there on days {days}", "ko": "{days}일차 참여"},
    "group.ledger_button": {"en": "👥 Everyone's wishes", "ko": "👥 모두의 바람"},
    "group.no_plan": {"en": "No plan yet.", "ko": "아직 일정이 없어요."},
    "group.fair_head": {"en": "For each of you:", "ko": "멤버별로:"},
    "group.cost_head": {"en": "Cost per member:", "ko": "멤버별 비용:"},
    "group.cost_line": {"en": "{name} S${total}{days}", "ko": "{name} S${total}{days}"},
    "group.cost_days": {"en": " (days {days})", "ko": " ({days}일차)"},
    "group.others": {
        "en": "{n} more in the party S${each} each",
        "ko": "그 밖의 일행 {n}명 각 S${each}",
    },
    "group.total": {"en": "Total S${total}", "ko": "합계 S${total}"},
    "group.split_head": {"en": "💸 Who pays what", "ko": "💸 누가 얼마를 내나요"},
    "group.split_line": {
        "en": (
            "• {name}: tickets S${tickets} + food S${food} + transport S${transport}{rides} = "
            "S${total}"
        ),
        "ko": (
            "• {name}: 입장료 S${tickets} + 식비 S${food} + 교통 S${transport}{rides} = S${total}"
        ),
    },
    "group.split_rides": {"en": " (taxi share S${amount})", "ko": " (택시 분담 S${amount})"},
    "group.split_fares": {
        "en": (
            "Taxi and car fares (S${amount} in all) are split among those riding each day; each "
            "member pays their own tickets and meals."
        ),
        "ko": (
            "택시·차량 요금(총 S${amount})은 그날 함께 탄 사람끼리 나누고, 입장료와 식비는 각자 "
            "냅니다."
        ),
    },
    "group.noted": {"en": "Noted for {name}: {what}.", "ko": "{name}님 바람을 기록했어요: {what}."},
    "poll.question": {
        "en": (
            "Not every wish fits ({why}). Which one do we drop? A tie keeps the current plan "
            "(drop {current}). Closes when everyone has voted, or after 24 h."
        ),
        "ko": (
            "모든 바람을 담을 수 없어요({why}). 어느 곳을 뺄까요? 동점이면 지금 일정대로 "
            "{current}을(를) 뺍니다. 모두 투표하거나 24시간이 지나면 마감해요."
        ),
    },
    "poll.dates_question": {
        "en": (
            "{name} proposes other dates. Which dates do we take? A tie keeps {current}. Closes "
            "when everyone has voted, or after 24 h."
        ),
        "ko": (
            "{name}님이 다른 날짜를 제안했어요. 어느 날짜로 할까요? 동점이면 {current}(으)로 "
            "유지해요. 모두 투표하거나 24시간이 지나면 마감해요."
        ),
    },
    "poll.dates_closed": {
        "en": "🗳 Poll closed: {dates} ({votes} of {voters} votes).",
        "ko": "🗳 투표 마감: {dates} ({voters}표 중 {votes}표).",
    },
    "poll.option": {"en": "Drop {place}", "ko": "{place} 빼기"},
    "poll.area_question": {
        "en": (
            "Day {day}: {a} or {b}? Your wishes point to both and one day cannot hold them all. "
            "A tie keeps the current plan ({a}). Closes when everyone has voted, or after 24 h."
        ),
        "ko": (
            "{day}일차: {a} 아니면 {b}? 바람이 두 곳으로 나뉘는데 하루에 다 담을 수 없어요. "
            "동점이면 지금 일정({a})대로 해요. 모두 투표하거나 24시간이 지나면 마감해요."
        ),
    },
    "poll.free_day_question": {
        "en": (
            "Day {day}: {a} or {b}? Your styles suit both about equally. A tie keeps the current "
            "plan ({a}). Closes when everyone has voted, or after 24 h."
        ),
        "ko": (
            "{day}일차: {a} 아니면 {b}? 여러분 취향에는 두 곳이 비슷하게 맞아요. 동점이면 지금 "
            "일정({a})대로 해요. 모두 투표하거나 24시간이 지나면 마감해요."
        ),
    },
    "poll.area_closed": {
        "en": "🗳 Poll closed: day {day} in {area} ({votes} of {voters} votes).",
        "ko": "🗳 투표 마감: {day}일차는 {area} ({voters}표 중 {votes}표).",
    },
    "poll.closed": {
        "en": "🗳 Poll closed: drop {place} ({votes} of {voters} votes).",
        "ko": "🗳 투표 마감: {place} 빼기 ({voters}표 중 {votes}표).",
    },
    "poll.voted": {
        "en": "🗳 Vote counted ({done}/{total} members).",
        "ko": "🗳 투표했어요 ({total}명 중 {done}명).",
    },
    "poll.stale": {"en": "That poll is closed.", "ko": "마감된 투표예요."},
    "poll.why.no_fit": {"en": "the days are full", "ko": "일정이 꽉 찼어요"},
    "poll.why.budget": {"en": "over a member's cap", "ko": "멤버 예산 초과"},
    "group.over_cap": {
        "en": "The plan is S${amount:.0f} over {name}'s cap of S${cap}.",
        "ko": "일정이 {name}님의 예산 S${cap}보다 S${amount:.0f} 많습니다.",
    },
}
