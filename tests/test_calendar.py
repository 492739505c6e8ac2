"""The important dates as an iCalendar file, read back with icalendar and checked against the spec."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import icalendar
import pytest

import tenderpack
from tenderpack.writers.ics import IcsWriter

from _packs import built
from conftest import load_example

EXAMPLES = ["innovation-home-care.yaml", "small-open-grounds.yaml"]
LONDON = ZoneInfo("Europe/London")
dates = importlib.import_module("tenderpack_sme.dates")


def events(example: str) -> list:
    cal = icalendar.Calendar.from_ical((built(example) / "sme" / "important-dates.ics").read_bytes())
    return [c for c in cal.walk("VEVENT")]


def start(event):
    return event.decoded("dtstart")


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_deadline_is_an_event_at_its_uk_time(example):
    """The question deadline, the tender deadline and each stage deadline are events at their time,
    in Europe/London, with a reminder the day before."""
    spec = load_example(example)
    found = {start(e): e for e in events(example) if isinstance(start(e), dt.datetime)}
    wanted = [spec.timetable.clarification_deadline, spec.timetable.tender_deadline,
              *[s.deadline for s in spec.procedure.stages[1:] if s.deadline]]
    assert sorted(found) == sorted(w.replace(tzinfo=LONDON) for w in wanted)
    for moment, event in found.items():
        assert str(moment.tzinfo) == "Europe/London"
        assert event["dtstart"].params["TZID"] == "Europe/London"
        alarm = event.walk("VALARM")[0]
        assert alarm.decoded("trigger") == -dt.timedelta(days=1)


def test_summer_and_winter_times_are_both_right():
    """12 noon in March (GMT) and 12 noon in July (BST) are both 12 noon UK time, 12:00 and 11:00 UTC."""
    spec = load_example("innovation-home-care.yaml")
    found = {start(e).astimezone(dt.timezone.utc) for e in events("innovation-home-care.yaml")
             if isinstance(start(e), dt.datetime)}
    assert dt.datetime(2027, 3, 23, 12, tzinfo=dt.timezone.utc) in found      # GMT
    assert dt.datetime(2027, 7, 23, 11, tzinfo=dt.timezone.utc) in found      # BST
    assert spec.procedure.stages[3].deadline == dt.datetime(2027, 7, 23, 12, 0)


@pytest.mark.parametrize("example", EXAMPLES)
def test_dates_are_all_day_events(example):
    """Milestones, the award and the contract start are all-day events on their dates."""
    spec = load_example(example)
    days = {start(e): str(e["summary"]) for e in events(example) if not isinstance(start(e), dt.datetime)}
    assert spec.timetable.award in days and spec.timetable.contract_start in days
    for m in spec.timetable.milestones:
        assert m.date in days and m.event in days[m.date]


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_calendar_has_the_london_time_zone_and_a_name(example):
    """The file defines Europe/London (VTIMEZONE) and names itself after the tender."""
    spec = load_example(example)
    cal = icalendar.Calendar.from_ical((built(example) / "sme" / "important-dates.ics").read_bytes())
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(cal["x-wr-calname"]) == f"{spec.reference}: important dates"
    for event in cal.walk("VEVENT"):
        assert str(event["summary"]).startswith(spec.reference)
        assert spec.title in str(event["description"])


def test_stamps_and_uids_are_stable():
    """DTSTAMP is the spec's date (not the clock) and every UID comes from the reference and the event,
    so the same spec gives the same file and calendars update events instead of copying them."""
    spec = load_example("innovation-home-care.yaml")
    found = events("innovation-home-care.yaml")
    stamp = dt.datetime.combine(spec.document_date, dt.time(), tzinfo=dt.timezone.utc)
    assert {e.decoded("dtstamp") for e in found} == {stamp}
    uids = [str(e["uid"]) for e in found]
    assert len(set(uids)) == len(uids)
    assert all(u.endswith(".dcc-2027-0042@tenderpack") for u in uids)
    assert "deadline.dcc-2027-0042@tenderpack" in uids and "questions.dcc-2027-0042@tenderpack" in uids


def test_same_spec_gives_the_same_bytes(tmp_path):
    """Two writes of the same calendar are byte for byte the same."""
    spec = load_example("innovation-home-care.yaml")
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    IcsWriter().write(dates.calendar(spec), a, None)
    IcsWriter().write(dates.calendar(spec), b, None)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == (built("innovation-home-care.yaml") / "sme" / "important-dates.ics").read_bytes()


def test_calendar_writer_refuses_two_events_with_one_uid(tmp_path):
    """A calendar whose events share a UID is a writer error, not a file that confuses calendars."""
    from tenderpack.errors import WriterError

    day = dt.date(2027, 3, 1)
    cal = tenderpack.Calendar("x", [tenderpack.Event("a", "One", day), tenderpack.Event("a", "Two", day)])
    with pytest.raises(WriterError, match="uid"):
        IcsWriter().write(cal, tmp_path / "x.ics", None)
