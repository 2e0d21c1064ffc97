"""The day search on small hand-made days: food on the way, every wish served, meals that move.

Node 0 is the day's start, 1 its end, 2.. its stops (see :mod:`bot.planner.search`).
"""

from __future__ import annotations

import random
from dataclasses import replace

from bot.planner import route_cost, search

ALL_DAY = ((0, 1439),)
SIGHT_HOURS = ((540, 1000),)
LUNCH = ((690, 780),)


def day(**changes: object) -> route_cost.Problem:
    """Two two-hour sights (2, 3) ten minutes apart, so lunch falls between them, a lunch place
    on the way (4, three minutes from the first) and one across town (5)."""
    matrix = [
        [0, 5, 5, 10, 6, 20],
        [0, 0, 0, 0, 0, 0],
        [5, 5, 0, 10, 3, 15],
        [10, 10, 10, 0, 8, 15],
        [6, 6, 3, 8, 0, 18],
        [20, 20, 15, 15, 18, 0],
    ]
    problem = route_cost.Problem(
        matrix=matrix,
        duration=[0, 0, 120, 120, 45, 45],
        windows=[ALL_DAY, ALL_DAY, SIGHT_HOURS, SIGHT_HOURS, LUNCH, LUNCH],
        prize=[0, 0, 5_000, 5_000, 20_000, 20_000],
        entry=[0] * 6,
        outdoor=[False] * 6,
        slot=[-1, -1, -1, -1, 0, 0],
        place=[-1, -2, 0, 1, 2, 3],
        weight=[0, 0, 2, 2, 0, 0],
        ticket=[0] * 6,
        start_window=(540, 600),
        end_window=(0, 1439),
        soft_end=1200,
        max_weight=10,
        ticket_cap=None,
        costs=route_cost.Costs(travel=10, idle=2, late=15, outdoor_after_noon=1, noon=720),
        anchor_prize=1_000_000,
        shared=[False] * 6,
        repeat_cost=0,
        land=[0] * 6,
        crossing_cost=0,
        meal_detour_free=8,
        meal_detour_cost=20,
    )
    return replace(problem, **changes)  # type: ignore[arg-type]


def test_lunch_is_taken_on_the_way_between_two_sights() -> None:
    route = search.solve(day())
    assert 4 in route and 5 not in route
    i = route.index(4)
    assert 0 < i < len(route) - 1  # between the two sights, not a trip of its own


def test_a_meal_detour_beyond_the_free_minutes_costs_more_than_its_travel() -> None:
    p = day()
    near, far = [2, 4, 3], [2, 5, 3]
    plain = replace(p, meal_detour_cost=0)
    extra_far = route_cost.objective(p, far)
    assert extra_far is not None
    # the far lunch adds 15 + 15 - 10 = 20 minutes to the way: 12 beyond the free 8
    assert extra_far - (route_cost.objective(plain, far) or 0) == 12 * 20
    assert route_cost.objective(p, near) == route_cost.objective(plain, near)  # 3 + 8 - 10: free


def test_a_detour_beyond_the_limit_costs_steeply_and_is_measured_against_the_best_way() -> None:
    p = day(meal_detour_limit=10, meal_detour_over=100)
    far = [2, 5, 3]
    plain = replace(p, meal_detour_cost=0)
    base = route_cost.objective(plain, far) or 0
    # 20 minutes added: 12 beyond the free 8 at 20, and 10 beyond the limit at 100 more
    assert (route_cost.objective(p, far) or 0) - base == 12 * 20 + 10 * 100
    # the direct way between the sights is 4 minutes at its best (say by taxi at midday):
    # the lunch on the way now adds 3 + 8 - 4 = 7 minutes, still free; the far one 26
    direct = [list(row) for row in p.matrix]
    direct[2][3] = 4
    fast = replace(p, direct=direct)
    assert route_cost.objective(fast, [2, 4, 3]) == route_cost.objective(plain, [2, 4, 3])
    assert (route_cost.objective(fast, far) or 0) - base == 18 * 20 + 16 * 100


def lunch_then_snack(**changes: object) -> route_cost.Problem:
    """Two sights (2, 3) ten minutes apart; lunch (4) and a snack (5) side by side across town,
    a quarter of an hour from either sight and three minutes from each other."""
    return day(
        matrix=[
            [0, 5, 5, 10, 20, 20],
            [0, 0, 0, 0, 0, 0],
            [5, 5, 0, 10, 15, 15],
            [10, 10, 10, 0, 15, 15],
            [20, 20, 15, 15, 0, 3],
            [20, 20, 15, 15, 3, 0],
        ],
        duration=[0, 0, 120, 120, 45, 30],
        windows=[ALL_DAY, ALL_DAY, SIGHT_HOURS, SIGHT_HOURS, LUNCH, ((600, 1000),)],
        prize=[0, 0, 5_000, 5_000, 20_000, 300],
        slot=[-1, -1, -1, -1, 0, 1],
        meal_detour_limit=10,
        meal_detour_over=100,
        **changes,
    )


def test_food_stops_in_a_row_are_one_detour_between_the_stops_around_them() -> None:
    p = lunch_then_snack()
    plain = replace(p, meal_detour_cost=0)
    route = [2, 4, 5, 3]
    # lunch adds 15 + 3 - 15 = 3 minutes to the way to the snack, the snack 3 + 15 - 15 = 3 to
    # the way from lunch: each on the way of the other. Together they add 15 + 3 + 15 - 10 =
    # 23 minutes to the way between the sights: 15 beyond the free 8, 13 beyond the limit.
    extra = (route_cost.objective(p, route) or 0) - (route_cost.objective(plain, route) or 0)
    assert extra == 15 * 20 + 13 * 100


def test_a_meal_a_short_ride_away_is_still_off_the_way_by_its_distance() -> None:
    # lunch 4 is on the way in minutes (3 + 8 - 10 = 1 added) but, by a fast line, 2.5 km from
    # both sights, which are 1 km apart: 4 km added, 3 beyond the free kilometre
    hm = [[0] * 6 for _ in range(6)]
    for a, b, d in [(2, 3, 10), (2, 4, 25), (3, 4, 25), (2, 5, 5), (3, 5, 6), (4, 5, 25)]:
        hm[a][b] = hm[b][a] = d
    p = day(distance=hm, meal_detour_free_hm=10, meal_detour_hm_cost=10)
    plain = replace(p, distance=())
    assert route_cost.objective(plain, [2, 4, 3]) == route_cost.objective(day(), [2, 4, 3])
    extra = (route_cost.objective(p, [2, 4, 3]) or 0) - (
        route_cost.objective(plain, [2, 4, 3]) or 0
    )
    assert extra == 30 * 10
    assert route_cost.objective(p, [2, 5, 3]) == route_cost.objective(plain, [2, 5, 3])  # 1 hm


def test_a_snack_off_the_way_is_left_out_rather_than_chased() -> None:
    # an optional stop of one slot (prize 300, like a snack) 11 minutes from both sights, which
    # are 10 apart: 12 minutes added, worth it below the limit, not beyond it
    p = day(
        prize=[0, 0, 5_000, 5_000, 300, 300],
        matrix=[
            [0, 5, 5, 10, 11, 20],
            [0, 0, 0, 0, 0, 0],
            [5, 5, 0, 10, 11, 15],
            [10, 10, 10, 0, 11, 15],
            [11, 11, 11, 11, 0, 18],
            [20, 20, 15, 15, 18, 0],
        ],
    )
    assert 4 in search.solve(p)
    assert sorted(search.solve(replace(p, meal_detour_limit=10, meal_detour_over=100))) == [2, 3]


def test_a_morning_left_empty_costs_more_than_a_pause_later() -> None:
    # lunch first at 11:30 (the morning spent waiting) or a sight first, lunch after it
    costs = replace(day().costs, morning_idle=10, morning_free=30)
    lunch_first, sight_first = [4, 2, 3], [2, 4, 3]
    plain = day()
    strict = day(costs=costs)
    wait = (route_cost.objective(strict, lunch_first) or 0) - (
        route_cost.objective(plain, lunch_first) or 0
    )
    assert wait > 0  # the first stop waited past 09:00 + 5 minutes' way + 30 free minutes
    assert route_cost.objective(strict, sight_first) == route_cost.objective(plain, sight_first)


def test_a_day_serves_a_wish_when_a_place_for_it_is_in_reach() -> None:
    # sight 3 is worth less than sight 2, but it alone serves the traveller's wish (bit 0);
    # with a visit cap of one sight the day must choose
    p = day(max_weight=2, prize=[0, 0, 5_000, 4_800, 20_000, 20_000], serves=[0, 0, 0, 1, 0, 0])
    assert 2 in search.solve(replace(p, wish_cost=0))
    route = search.solve(replace(p, wish_cost=600))
    assert 3 in route and 2 not in route


def test_the_repair_may_send_a_meal_to_another_of_its_places() -> None:
    # a must-see (2) that only fits if lunch is at the place on the way (4), after a first
    # search that put lunch across town
    p = day(
        prize=[0, 0, 1_000_000, 5_000, 20_000, 20_000],
        windows=[
            ALL_DAY,
            ALL_DAY,
            ((700, 760),),
            SIGHT_HOURS,
            LUNCH,
            LUNCH,
        ],
    )
    route = search.solve(p)
    assert 2 in route and (4 in route or 5 in route)


def test_the_midday_heat_costs_an_outdoor_visit_the_evening_does_not() -> None:
    # one outdoor sight (2) of two hours; heat from noon to four
    costs = replace(day().costs, heat_end=16 * 60)
    p = day(
        outdoor=[False, False, True, False, False, False],
        windows=[ALL_DAY, ALL_DAY, ((13 * 60, 13 * 60),), SIGHT_HOURS, LUNCH, LUNCH],
        costs=costs,
    )
    evening = replace(p, windows=[ALL_DAY, ALL_DAY, ((17 * 60, 17 * 60),), *p.windows[3:]])
    morning = replace(p, windows=[ALL_DAY, ALL_DAY, ((9 * 60 + 5, 9 * 60 + 5),), *p.windows[3:]])

    def heat(problem: route_cost.Problem) -> int:
        plain = replace(problem, outdoor=[False] * 6)
        return (route_cost.objective(problem, [2]) or 0) - (route_cost.objective(plain, [2]) or 0)

    assert heat(p) == 120  # 13:00-15:00, all of it in the heat
    assert heat(evening) == 0  # 17:00-19:00: after the heat
    assert heat(morning) == 0  # 09:05-11:05


def test_a_last_meal_is_measured_on_the_way_home_the_first_is_not() -> None:
    # a meal after both sights, before going home: near (4) or across town (5)
    p = day(windows=[ALL_DAY, ALL_DAY, SIGHT_HOURS, SIGHT_HOURS, ALL_DAY, ALL_DAY])
    plain = replace(p, meal_detour_cost=0)

    def detour_cost(route: list[int]) -> int:
        return (route_cost.objective(p, route) or 0) - (route_cost.objective(plain, route) or 0)

    assert detour_cost([2, 3, 4]) == 0  # 8 to the meal + 6 home - 10 straight home: free
    assert detour_cost([2, 3, 5]) == (15 + 20 - 10 - 8) * 20  # 25 added, 17 beyond the free 8
    assert detour_cost([5, 2, 3]) == 0  # a meal before the first sight is the day's start


def test_a_route_weighed_from_where_it_leaves_another_costs_the_same_as_weighed_whole() -> None:
    rng = random.Random(5)
    problems = [
        day(),
        day(shared=[False, False, False, False, True, True], repeat_cost=900),
        day(kind=[0, 0, 1, 1, 0, 0], kind_cap=(0, 1), kind_over_cost=700),
        day(ticket=[0, 0, 500, 700, 0, 0], ticket_cap=1000, max_weight=2),
        day(outdoor=[False, False, True, False, False, False], land=[0, 0, 0, 1, 0, 0]),
    ]
    for p in problems:
        for _ in range(40):
            route = rng.sample(list(p.nodes), rng.randint(0, len(p.nodes)))
            prefixes = route_cost.walked_prefixes(p, route)
            whole = route_cost.objective(p, route)
            for k in range(len(route) + 1):
                assert route_cost.objective_from(p, prefixes[k], route[k:]) == whole
                rest = route_cost.cost_from(p, prefixes[k], route[k:])
                assert rest == route_cost.route_cost(p, route)
