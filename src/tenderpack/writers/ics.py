"""The calendar writer: a ``tenderpack.Calendar`` into an iCalendar (.ics) file (icalendar).

Times are local to the calendar's zone (UK time: Europe/London), written with a TZID and
the VTIMEZONE that defines it, so a calendar program shows 12 noon as 12 noon in summer
and winter alike. The file is reproducible: DTSTAMP is the calendar's own ``stamp`` (never
the clock) and every UID comes from the plugin.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import __version__
from ..artifacts import Calendar, Event
from ..errors import WriterError

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


class IcsWriter:
    format = "ics"
    extension = ".ics"

    def write(self, content, target: Path, templates) -> None:
        if not isinstance(content, Calendar):
            raise WriterError(f"the ics writer needs a tenderpack.Calendar, not a {type(content).__name__}")
        data = render(content)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)


def render(calendar: Calendar) -> bytes:
    import icalendar

    try:
        zone = ZoneInfo(calendar.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise WriterError(f"calendar {calendar.name!r}: unknown time zone {calendar.timezone!r}") from exc
    uids = [e.uid for e in calendar.events]
    if len(set(uids)) != len(uids):
        twice = sorted({u for u in uids if uids.count(u) > 1})
        raise WriterError(f"calendar {calendar.name!r}: two events have the uid {twice[0]!r}")

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//tenderpack//tenderpack {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", calendar.name)
    cal.add("x-wr-calname", calendar.name)
    cal.add("x-wr-timezone", calendar.timezone)
    if calendar.description:
        cal.add("description", calendar.description)
    timed = [e for e in calendar.events if _has_time(e.start) or (e.end is not None and _has_time(e.end))]
    if timed:
        days = [_day(x) for e in timed for x in (e.start, e.end) if x is not None]
        cal.add_component(icalendar.Timezone.from_tzid(
            calendar.timezone, first_date=dt.date(min(days).year, 1, 1), last_date=dt.date(max(days).year + 1, 12, 31)))
    stamp = _utc(calendar.stamp)
    for event in calendar.events:
        cal.add_component(_event(event, zone, stamp))
    return cal.to_ical()


def _event(event: Event, zone: ZoneInfo, stamp: dt.datetime):
    import icalendar

    if not isinstance(event, Event):
        raise WriterError(f"a calendar holds tenderpack.Event items, not a {type(event).__name__}")
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.summary)
    if _has_time(event.start):
        vevent.add("dtstart", _local(event.start, zone))
        if event.end is not None:
            if not _has_time(event.end):
                raise WriterError(f"event {event.uid!r}: a start with a time needs an end with a time")
            if event.end < event.start:
                raise WriterError(f"event {event.uid!r} ends before it starts")
            vevent.add("dtend", _local(event.end, zone))
    else:
        end = event.end if event.end is not None else event.start + dt.timedelta(days=1)
        if _has_time(end):
            raise WriterError(f"event {event.uid!r}: an all-day start needs an all-day end")
        if end <= event.start:
            end = event.start + dt.timedelta(days=1)   # DTEND of an all-day event is the day after
        vevent.add("dtstart", event.start)
        vevent.add("dtend", end)
    vevent.add("transp", "TRANSPARENT")
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.reminder is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", -abs(event.reminder))
        vevent.add_component(alarm)
    return vevent


def _has_time(value: dt.date) -> TypeGuard[dt.datetime]:
    return isinstance(value, dt.datetime)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A naive time is local time in the calendar's zone; an aware one is converted to it."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _utc(stamp: dt.datetime | dt.date | None) -> dt.datetime:
    if stamp is None:
        return EPOCH
    if not isinstance(stamp, dt.datetime):
        stamp = dt.datetime(stamp.year, stamp.month, stamp.day)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(dt.timezone.utc).replace(microsecond=0)
