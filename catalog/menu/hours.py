"""Opening hours in the restaurant's time zone: open now?, can this dish be ordered?, and the
next times an order can be ready or delivered.

Windows are turned into UTC intervals before any comparison or arithmetic: two datetimes in the
same ZoneInfo compare and add by wall clock, which is an hour wrong across a DST change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from catalog.menu.menu import Dish, Hours, Restaurant

Window = tuple[datetime, datetime]  # (opens, closes), UTC
# A week and a day: every weekly window, and one that started the evening before.
HORIZON_DAYS = 8


def opening_windows(hours: Sequence[Hours], timezone: str, after: datetime) -> list[Window]:
    """The windows that end after `after`, over the next HORIZON_DAYS, sorted; windows that
    touch or overlap ("18:00-00:00" and "00:00-01:00") are one."""
    _require_aware(after)
    zone = ZoneInfo(timezone)
    first_day = after.astimezone(zone).date() - timedelta(days=1)
    intervals = sorted(
        _interval(window, first_day + timedelta(days=offset), zone)
        for offset in range(HORIZON_DAYS + 1)
        for window in hours
        if window.weekday == (first_day + timedelta(days=offset)).weekday()
    )
    merged: list[Window] = []
    for opens, closes in intervals:
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(closes, merged[-1][1]))
        else:
            merged.append((opens, closes))
    return [(opens, closes) for opens, closes in merged if closes > after]


def within(hours: Sequence[Hours], timezone: str, at: datetime) -> bool:
    return any(opens <= at < closes for opens, closes in opening_windows(hours, timezone, at))


def is_open(restaurant: Restaurant, at: datetime) -> bool:
    return within(restaurant.opening_hours, restaurant.timezone, at)


def dish_available(dish: Dish, restaurant: Restaurant, at: datetime) -> bool:
    """The dish can be ordered at `at`: the restaurant is open and, when the dish has its own
    hours (a lunch menu), `at` is inside them."""
    if not is_open(restaurant, at):
        return False
    return not dish.available or within(dish.available, restaurant.timezone, at)


def taking_orders(restaurant: Restaurant, at: datetime) -> bool:
    """Open at `at`, with time to prepare an order before the window closes."""
    _require_aware(at)
    at = at.astimezone(UTC)  # so adding minutes is real time, not wall-clock time
    preparation = timedelta(minutes=restaurant.preparation_minutes)
    return any(
        opens <= at and at + preparation <= closes
        for opens, closes in opening_windows(restaurant.opening_hours, restaurant.timezone, at)
    )


def next_slots(
    restaurant: Restaurant,
    after: datetime,
    count: int,
    step_minutes: int = 15,
    for_delivery: bool = True,
) -> list[datetime]:
    """The next `count` times, in the restaurant's time zone and on a `step_minutes` grid of its
    clock, when an order placed at `after` can be delivered (or collected, when not
    `for_delivery`).

    The kitchen prepares inside an opening window: an order is ready at the earliest
    `preparation_minutes` after the window opens (or after `after`) and at the latest when
    it closes; a delivery arrives `delivery_minutes` later, which may be after closing.
    """
    if count < 1 or step_minutes < 1:
        raise ValueError("count and step_minutes must be at least 1")
    _require_aware(after)
    after = after.astimezone(UTC)  # so adding minutes is real time, not wall-clock time
    zone = ZoneInfo(restaurant.timezone)
    preparation = timedelta(minutes=restaurant.preparation_minutes)
    travel = timedelta(minutes=restaurant.delivery_minutes if for_delivery else 0)
    step = timedelta(minutes=step_minutes)
    slots: list[datetime] = []
    for opens, closes in opening_windows(restaurant.opening_hours, restaurant.timezone, after):
        slot = _on_grid(max(after, opens) + preparation + travel, step_minutes, zone)
        while slot - travel <= closes and len(slots) < count:
            slots.append(slot.astimezone(zone))
            slot += step
        if len(slots) == count:
            break
    return slots


def _interval(window: Hours, day: date, zone: ZoneInfo) -> Window:
    opens = datetime.combine(day, window.opens, tzinfo=zone)
    # A window that closes at or before it opens ends the next day ("18:00-01:00").
    closing_day = day + timedelta(days=1) if window.closes <= window.opens else day
    closes = datetime.combine(closing_day, window.closes, tzinfo=zone)
    return opens.astimezone(UTC), closes.astimezone(UTC)


def _on_grid(moment: datetime, step_minutes: int, zone: ZoneInfo) -> datetime:
    """`moment` rounded up to the next multiple of `step_minutes` after local midnight."""
    local = moment.astimezone(zone)
    minutes = local.hour * 60 + local.minute
    whole = moment - timedelta(seconds=local.second, microseconds=local.microsecond)
    remainder = minutes % step_minutes
    if remainder:
        return whole + timedelta(minutes=step_minutes - remainder)
    return whole if whole == moment else whole + timedelta(minutes=step_minutes)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment} has no time zone; pass an aware datetime (UTC or local)")
