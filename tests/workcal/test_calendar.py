from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xxgk.workcal.models import CalendarDay
from xxgk.workcal.services import current_calendar, load_year

pytestmark = pytest.mark.django_db


def test_year_unknown_until_loaded():
    assert not current_calendar().knows(2027)
    load_year(2027, holidays=[date(2027, 1, 1)], workdays=[date(2027, 2, 20)], notice="测试通知")
    cal = current_calendar()
    assert cal.knows(2027)
    assert not cal.is_working_day(date(2027, 1, 1))  # Friday, holiday
    assert cal.is_working_day(date(2027, 2, 20))  # Saturday, make-up
    assert not cal.is_working_day(date(2027, 2, 21))  # plain Sunday


def test_reload_replaces_and_bad_input_writes_nothing():
    load_year(2027, holidays=[date(2027, 1, 1)])
    load_year(2027, holidays=[date(2027, 5, 3)])
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2027, 5, 3)]
    with pytest.raises(ValidationError):
        load_year(2027, holidays=[date(2027, 10, 1), date(2028, 1, 1)])
    with pytest.raises(ValidationError):
        load_year(2027, holidays=[date(2027, 10, 1)], workdays=[date(2027, 10, 1)])
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2027, 5, 3)]


def test_override_wins_over_package():
    CalendarDay.objects.create(date=date(2026, 11, 24), is_working_day=False, note="地方性假日")
    assert not current_calendar().is_working_day(date(2026, 11, 24))


def test_parse_days_reads_dates_and_ranges():
    from xxgk.workcal.services import parse_days

    got = parse_days("2027-01-01\n2027-02-05:2027-02-07, 2027-10-01至2027-10-02")
    assert got == [
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 10, 1),
        date(2027, 10, 2),
    ]
    with pytest.raises(ValidationError, match="2027-13-01"):
        parse_days("2027-01-01\n2027-13-01")


def test_admin_loads_a_year_in_one_form(admin_client):
    url = "/admin/workcal/calendaryear/add/"
    bad = admin_client.post(
        url, {"year": 2027, "notice": "", "holidays": "2027-01-01\n2028-01-01", "workdays": ""}
    )
    assert bad.status_code == 200 and "不在2027年内" in bad.content.decode()
    assert not CalendarDay.objects.exists()
    ok = admin_client.post(
        url, {"year": 2027, "notice": "通知", "holidays": "2027-02-05:2027-02-11", "workdays": "2027-02-13"}
    )
    assert ok.status_code == 302
    assert current_calendar().is_working_day(date(2027, 2, 13))
    assert CalendarDay.objects.filter(is_working_day=False).count() == 7
