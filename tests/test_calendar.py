"""The important dates as an iCalendar file, read back with icalendar and checked against the spec."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import icalendar
import pytest

import tenderpack
import tenderpack.text
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
    """The question deadline, the tender deadline, each later stage's deadline and each later stage's
    last time to ask questions are events at their time, in Europe/London, with a reminder the day before."""
    spec = load_example(example)
    found = {start(e): e for e in events(example) if isinstance(start(e), dt.datetime)}
    wanted = [spec.timetable.clarification_deadline, spec.timetable.tender_deadline,
              *[s.deadline for s in spec.procedure.stages[1:] if s.deadline],
              *[s.clarification_deadline for s in spec.procedure.stages[1:] if s.clarification_deadline]]
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


# --------------------------------------------------------------------------- deadlines named by their stage


def summaries(example: str) -> dict[dt.datetime, str]:
    return {start(e).replace(tzinfo=None): str(e["summary"]) for e in events(example) if isinstance(start(e), dt.datetime)}


def test_each_deadline_is_named_by_its_stage():
    """In a competitive flexible procedure the timetable's tender deadline is the first stage's deadline:
    the calendar names it after that stage, and each later deadline after its own stage. None of them is
    called "the tender deadline"."""
    spec = load_example("innovation-home-care.yaml")
    found = summaries("innovation-home-care.yaml")
    stages = spec.procedure.stages
    assert found[spec.timetable.tender_deadline] == f"{spec.reference}: Deadline for {stages[0].name}"
    for i, stage in enumerate(stages[1:], start=1):
        deadline = tenderpack.text.stage_deadline(spec, i)
        if deadline:
            assert found[deadline] == f"{spec.reference}: Deadline for {stage.name}"
    assert not any("tender deadline" in s.lower() for s in found.values())


def test_each_stage_has_its_own_question_time():
    """A later stage's last time to ask questions is an event named after that stage; the first stage's
    is the timetable's clarification deadline."""
    spec = load_example("innovation-home-care.yaml")
    found = summaries("innovation-home-care.yaml")
    stages = spec.procedure.stages
    assert found[spec.timetable.clarification_deadline].endswith(f"Last time to ask questions in {stages[0].name}")
    for stage in stages[1:]:
        if stage.clarification_deadline:
            assert found[stage.clarification_deadline].endswith(f"Last time to ask questions in {stage.name}")


def test_one_stage_tender_deadline_is_the_tender_deadline():
    """With one stage, the deadline is the tender deadline."""
    spec = load_example("small-open-grounds.yaml")
    assert summaries("small-open-grounds.yaml")[spec.timetable.tender_deadline] == f"{spec.reference}: Tender deadline"


def test_standstill_and_signing_are_in_the_calendar_only_for_a_public_contract():
    """A public contract's calendar has the last day of the standstill (from which day the contracts may be
    signed) and the planned signing; below the threshold there is no standstill event."""
    spec = load_example("innovation-home-care.yaml")
    days = {start(e): e for e in events("innovation-home-care.yaml") if not isinstance(start(e), dt.datetime)}
    standstill = days[spec.timetable.standstill_end]
    assert "standstill" in str(standstill["summary"])
    assert tenderpack.text.date(tenderpack.text.signing_from(spec), weekday=True) in str(standstill["description"])
    assert "sign" in str(days[spec.timetable.contract_signature]["summary"])
    below = events("small-open-grounds.yaml")
    assert not any("standstill" in str(e["summary"]).lower() or "standstill" in str(e["description"]).lower()
                   for e in below)


def test_calendar_uses_the_shared_stage_words():
    """What each stage asks for comes from tenderpack.text.STAGE_SENDS, the one home of those words."""
    assert not hasattr(dates, "SENDS")
    spec = load_example("innovation-home-care.yaml")
    detail = next(d.detail for d in dates.key_dates(spec) if d.key == "deadline")
    assert tenderpack.text.STAGE_SENDS[spec.procedure.stages[0].type.value] in detail


def test_a_milestone_with_a_time_in_its_words_stays_all_day():
    """A milestone is a date: "Site visit (meet at the Town Hall at 10am)" is an all-day event, with no time
    read out of its words."""
    spec = load_example("small-open-grounds.yaml")
    milestone = spec.timetable.milestones[0]
    assert "10am" in milestone.event
    event = next(e for e in events("small-open-grounds.yaml") if milestone.event in str(e["summary"]))
    assert start(event) == milestone.date and not isinstance(start(event), dt.datetime)
    assert "VALARM" not in event.to_ical().decode()
