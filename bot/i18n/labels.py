"""Short labels: trip fields, styles, transport, pace, party words and assumptions."""

from __future__ import annotations

from bot.i18n.lang import Lang

LABELS: dict[str, dict[Lang, str]] = {
    "dates": {"en": "Dates", "ko": "날짜"},
    "party": {"en": "Travellers", "ko": "인원"},
    "styles": {"en": "Styles", "ko": "스타일"},
    "transport": {"en": "Transport", "ko": "이동 수단"},
    "budget": {"en": "Budget", "ko": "예산"},
    "pace": {"en": "Pace", "ko": "일정 강도"},
    "must_see": {"en": "Must-see", "ko": "꼭 가볼 곳"},
    "seniors": {"en": "{n} seniors", "ko": "어르신 {n}명"},
    "senior": {"en": "1 senior", "ko": "어르신 1명"},
    "walking": {"en": "Walking", "ko": "걷기"},
    "walk_limit": {"en": "at most {n} min per walk", "ko": "한 번에 최대 {n}분"},
    "mobility.wheelchair": {"en": "wheelchair", "ko": "휠체어"},
    "mobility.stroller": {"en": "stroller", "ko": "유모차"},
    "mobility.limited": {"en": "short walks", "ko": "짧은 거리만"},
    "assumed_start": {
        "en": "start date {value} (two weeks from today)",
        "ko": "출발일 {value} (오늘부터 2주 뒤)",
    },
    "assume_date": {"en": "start date read as {value}", "ko": "출발일을 {value}(으)로 이해했어요"},
    "assume_month_day": {
        "en": "start date {value}, in the month you named (tell me the day to change it)",
        "ko": "출발일을 말씀하신 달의 {value}(으)로 잡았어요 (날짜를 알려 주시면 바꿀게요)",
    },
    "assume_parents": {
        "en": "your parents counted as adults ({value} adults in all)",
        "ko": "부모님을 어른으로 셌어요 (어른 모두 {value}명)",
    },
    "assume_family": {
        "en": "family read as adults-children {value}",
        "ko": "가족 구성을 어른-아이 {value}(으)로 이해했어요",
    },
    "assume_one_adult": {
        "en": "one adult travelling with the children",
        "ko": "아이와 함께 가는 어른 1명으로 이해했어요",
    },
    "assume_hotel": {"en": "hotel near City Hall", "ko": "숙소: 시청(City Hall) 근처"},
    "assume_couple": {"en": "2 adults (you and your partner)", "ko": "어른 2명 (두 분)"},
    "assume_arrival_part": {
        "en": "landing at about {value}",
        "ko": "도착 시간을 {value}쯤으로 이해했어요",
    },
    "assume_departure_part": {
        "en": "flight out at about {value}",
        "ko": "출발 시간을 {value}쯤으로 이해했어요",
    },
    "assume_per_day": {
        "en": "a budget for each day: {value} days",
        "ko": "하루 예산으로 이해했어요: {value}일",
    },
    "assume_sgd": {
        "en": "${value} read as Singapore dollars",
        "ko": "${value}을(를) 싱가포르 달러로 이해했어요",
    },
    "budget_not_read": {
        "en": (
            "Warning: that looks like a budget, but I could not read an amount — "
            "no budget limit is set. (In a shell, put the text in single quotes: 'S$800 each'.)"
        ),
        "ko": (
            "주의: 예산처럼 보이지만 금액을 읽지 못해 예산 제한 없이 계획했어요. "
            "(셸에서는 작은따옴표로 감싸 주세요: 'S$800 each')"
        ),
    },
    "avoid": {"en": "Skip", "ko": "뺄 곳"},
    "kind.museum": {"en": "museums", "ko": "박물관"},
    "kind.shopping": {"en": "shopping", "ko": "쇼핑"},
    "kind.temple": {"en": "temples and places of worship", "ko": "사원·종교 시설"},
    "kind.zoo": {"en": "zoos and animals", "ko": "동물원·동물"},
    "kind.theme-park": {"en": "theme parks", "ko": "테마파크"},
    "kind.beach": {"en": "beaches", "ko": "해변"},
    "kind.nightlife": {"en": "nightlife", "ko": "밤문화"},
    "kind.hiking": {"en": "hiking", "ko": "하이킹"},
    "kind.gallery": {"en": "art galleries", "ko": "미술관·갤러리"},
    "kind.war-memorial": {"en": "war memorials", "ko": "전쟁 유적"},
    "travellers": {"en": "Who", "ko": "구성"},
    "go": {"en": "✅ Plan it", "ko": "✅ 계획 세우기"},
    "done": {"en": "Done", "ko": "완료"},
    "no_limit": {"en": "No limit", "ko": "제한 없음"},
    "any_style": {"en": "a bit of everything", "ko": "골고루"},
    "days": {"en": "{n} days", "ko": "{n}일"},
    "day_one": {"en": "1 day", "ko": "1일"},
    "adults": {"en": "{n} adults", "ko": "어른 {n}명"},
    "adult": {"en": "1 adult", "ko": "어른 1명"},
    "children": {"en": "{n} children", "ko": "아이 {n}명"},
    "child": {"en": "1 child", "ko": "아이 1명"},
    "ages": {"en": "aged {ages}", "ko": "{ages}세"},
    "per_person": {"en": "per person", "ko": "1인당"},
    "style.nature": {"en": "Nature", "ko": "자연"},
    "style.city": {"en": "City sightseeing", "ko": "도시 관광"},
    "style.food": {"en": "Food", "ko": "맛집"},
    "style.luxury": {"en": "Luxury", "ko": "럭셔리"},
    "style.value": {"en": "Value for money", "ko": "가성비"},
    "style.family": {"en": "With children", "ko": "아이와 함께"},
    "transport.public": {"en": "Public transport", "ko": "대중교통"},
    "transport.car": {"en": "Rental car", "ko": "렌터카"},
    "transport.taxi": {"en": "Taxi", "ko": "택시"},
    "transport.grab": {"en": "Grab/Uber", "ko": "그랩/우버"},
    "pace.relaxed": {"en": "Relaxed", "ko": "여유롭게"},
    "pace.normal": {"en": "Normal", "ko": "보통"},
    "pace.packed": {"en": "Packed", "ko": "알차게"},
    "travellers.male": {"en": "Male", "ko": "남성"},
    "travellers.female": {"en": "Female", "ko": "여성"},
    "travellers.mixed": {"en": "Mixed", "ko": "혼성"},
    "travellers.unspecified": {"en": "Prefer not to say", "ko": "밝히지 않음"},
}
