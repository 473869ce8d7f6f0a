"""A case through its steps, with the answer deadline checked at each one.

Every expected date below was counted on the 2026 calendar by hand (holidays 02-15..23, 04-06,
05-01..05, 06-19, 09-25, 10-01..07; make-up working days 01-04, 02-14, 02-28, 05-09, 09-20, 10-10).
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xxgk.applications.models import Event
from xxgk.applications.services import act, deadline_of, file_online, find_by_tracking, register
from xxgk.rules.applications import Action, IllegalTransition

FIELDS = {"applicant_kind": "natural", "applicant_name": "张三", "sought": "2025年某项目的批复文件"}


def registered(agency, clerk, received):
    return register(agency, clerk, FIELDS, channel="in_person", received=received).application


def test_spring_festival(office):
    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 2, 6))
    # From Fri 02-06: 09..13 (5), 14 Sat make-up (6), 24..27 (10), 28 Sat make-up (11), 03-02..06 (16),
    # 03-09..12 (20).
    view = deadline_of(app, today=date(2026, 3, 6))
    assert view.deadline.due == date(2026, 3, 12)
    assert (view.status, view.days_left) == ("due_soon", 4)
    assert deadline_of(app, today=date(2026, 3, 13)).status == "overdue"


def test_national_day_with_make_up_saturday_and_extension(office):
    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 9, 14))
    # 09-15..18 (4), 09-20 Sun make-up (5), 21..24 (9), 28..30 (12), 10-08, 09, 10 Sat (15), 12..16 (20).
    assert deadline_of(app, today=date(2026, 9, 14)).deadline.due == date(2026, 10, 16)
    with pytest.raises(PermissionDenied):
        act(app, Action.EXTEND, p["clerk"], note="需要检索档案", on_date=date(2026, 10, 12))
    app = act(app, Action.EXTEND, p["head"], note="需要检索档案", on_date=date(2026, 10, 12))
    # 20 more: 10-19..23 (5), 26..30 (10), 11-02..06 (15), 11-09..13 (20).
    assert deadline_of(app, today=date(2026, 10, 12)).deadline.due == date(2026, 11, 13)
    with pytest.raises(ValidationError, match="已经延期"):
        act(app, Action.EXTEND, p["head"], note="再延", on_date=date(2026, 10, 13))


@pytest.fixture
def end_of_2026(monkeypatch):
    """These cases run into December 2026: look at them from the year's end, as steps may not be
    dated after today."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date(2026, 12, 31))


def test_a_step_dated_after_today_is_refused(office):
    from django.utils import timezone

    agency, p = office
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="晚于今天"):
        registered(agency, p["clerk"], tomorrow)
    app = registered(agency, p["clerk"], timezone.localdate())
    with pytest.raises(ValidationError, match="晚于今天"):
        act(app, Action.REQUEST_CORRECTION, p["clerk"], on_date=tomorrow)


@pytest.mark.usefixtures("end_of_2026")
def test_correction_restart_and_consultation_pause(office):
    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 11, 2))
    app = act(
        app,
        Action.REQUEST_CORRECTION,
        p["clerk"],
        on_date=date(2026, 11, 4),
        note="请写明所需信息的名称或文号",
    )
    assert deadline_of(app, today=date(2026, 11, 5)).status == "correction"
    app = act(app, Action.RECEIVE_CORRECTION, p["clerk"], on_date=date(2026, 11, 10))
    with pytest.raises(ValidationError, match="只能发出一次"):
        act(
            app,
            Action.REQUEST_CORRECTION,
            p["clerk"],
            on_date=date(2026, 11, 11),
            note="请写明所需信息的名称或文号",
        )
    # Restart from Tue 11-10: 20 wd → Tue 12-08.
    assert deadline_of(app, today=date(2026, 11, 10)).deadline.due == date(2026, 12, 8)
    app = act(app, Action.START_CONSULTATION, p["clerk"], party="某科技有限公司", on_date=date(2026, 11, 11))
    running = deadline_of(app, today=date(2026, 11, 18))
    assert running.status == "paused" and "征求意见" in running.message
    # The third party answers after exactly 15 working days: 11-12..11-20 (7), 11-23..27 (12), 11-30..12-02 (15).
    app = act(app, Action.FINISH_CONSULTATION, p["clerk"], opinion="不同意公开", on_date=date(2026, 12, 2))
    # 12-08 + 15 wd: 12-09..11 (3), 14..18 (8), 21..25 (13), 28, 29 (15).
    assert deadline_of(app, today=date(2026, 12, 2)).deadline.due == date(2026, 12, 29)


def test_fee_pause_and_fee_by_the_month(office):
    agency, p = office
    apps = [registered(agency, p["clerk"], date(2026, 11, 2)) for _ in range(11)]
    for a in apps:
        a.id_number = "110101199003077777"
        a.save()
    first, eleventh = apps[0], apps[-1]
    with pytest.raises(ValidationError, match="不收费"):
        act(
            first,
            Action.FEE_NOTICE,
            p["clerk"],
            method="per_application",
            on_date=date(2026, 11, 3),
            delivery="in_person",
        )
    for a in apps[:10]:  # make them earlier in the month than the eleventh
        a.received = date(2026, 11, 1)
        a.save()
    eleventh = act(
        eleventh,
        Action.FEE_NOTICE,
        p["clerk"],
        method="per_application",
        on_date=date(2026, 11, 3),
        delivery="in_person",
    )
    notice = eleventh.fee_notices.get()
    assert (notice.quantity, notice.amount) == (11, 100)
    assert notice.pay_by == date(2026, 12, 1)  # handed over on Tue 11-03: 20 wd from 11-04
    eleventh = act(
        eleventh, Action.FEE_PAID, p["clerk"], on_date=date(2026, 11, 10), receipt_number="No.0012345"
    )
    # Received 11-02 → 11-30; the fee wait (11-03, 11-10] holds 5 working days → 12-07.
    assert deadline_of(eleventh, today=date(2026, 11, 10)).deadline.due == date(2026, 12, 7)


@pytest.mark.usefixtures("end_of_2026")
def test_fee_lapse_and_correction_lapse_end_the_case_with_the_right_row(office):
    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 11, 2))
    app = act(
        app,
        Action.FEE_NOTICE,
        p["clerk"],
        method="per_page",
        pages=150,
        on_date=date(2026, 11, 3),
        delivery="in_person",
    )
    assert app.fee_notices.get().amount == 70 * 10 + 50 * 20
    app = act(app, Action.FEE_LAPSED, p["clerk"], on_date=date(2026, 12, 2))
    assert (app.state, app.result, app.answered) == ("answered", "other_no_fee", date(2026, 12, 2))
    other = registered(agency, p["clerk"], date(2026, 11, 2))
    other = act(
        other, Action.REQUEST_CORRECTION, p["clerk"], on_date=date(2026, 11, 3), note="请写明所需信息的名称"
    )
    other = act(other, Action.CORRECTION_LAPSED, p["clerk"], on_date=date(2026, 12, 1))
    assert other.result == "other_no_correction"


def test_answer_needs_review_and_the_trail_records_everyone(office):
    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 11, 2))
    app = act(
        app, Action.DRAFT_ANSWER, p["clerk"], result="partial", answer_text="提供第1至3页,第4页涉及个人隐私。"
    )
    with pytest.raises(PermissionDenied):
        act(app, Action.APPROVE_ANSWER, p["clerk"])
    with pytest.raises(IllegalTransition):
        act(app, Action.SEND_ANSWER, p["clerk"])
    app = act(app, Action.RETURN_ANSWER, p["reviewer"], note="请补充不予公开部分的理由")
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result="partial", answer_text="补充后的答复")
    app = act(app, Action.APPROVE_ANSWER, p["reviewer"])
    app = act(app, Action.SEND_ANSWER, p["clerk"], on_date=date(2026, 11, 20))
    assert deadline_of(app).status == "answered"
    trail = list(app.events.values_list("action", "by__username"))
    assert trail == [
        ("register", "clerk1"),
        ("draft_answer", "clerk1"),
        ("return_answer", "reviewer1"),
        ("draft_answer", "clerk1"),
        ("approve_answer", "reviewer1"),
        ("send_answer", "clerk1"),
    ]
    event = app.events.first()
    with pytest.raises(PermissionError):
        event.note = "改写"
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert Event.objects.count() == 6


def test_online_filing_waits_for_confirmation_and_the_query_code(office):
    agency, p = office
    filed = file_online(agency, FIELDS)
    app = filed.application
    assert app.state == "submitted" and app.received is None
    assert deadline_of(app).status == "waiting"
    assert find_by_tracking(app.tracking_number, filed.query_code) == app
    assert (
        find_by_tracking(app.tracking_number, "000000" if filed.query_code != "000000" else "111111") is None
    )
    assert find_by_tracking("YSQ00000000000000", filed.query_code) is None
    assert filed.query_code not in app.query_code_hash
    app = act(app, Action.CONFIRM_RECEIPT, p["clerk"], on_date=date(2026, 11, 23))
    assert app.received == date(2026, 11, 23)


def test_outsiders_cannot_act(office):
    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role

    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 11, 2))
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.CLERK)
    with pytest.raises(PermissionDenied):
        act(app, Action.DRAFT_ANSWER, stranger, result="granted")


def test_event_details_read_as_chinese(office):
    agency, p = office
    app = registered(agency, p["clerk"], date(2026, 9, 28))
    app = act(
        app,
        Action.REQUEST_CORRECTION,
        p["clerk"],
        on_date=date(2026, 10, 14),
        note="请写明所需信息的名称或文号",
    )  # limit was 10-13
    event = app.events.last()
    assert event.details == "补正告知期限2026-10-13;超过7个工作日的补正告知期限;补正期限至2026-11-04"
    app = act(app, Action.RECEIVE_CORRECTION, p["clerk"], on_date=date(2026, 10, 15))
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result="withheld_process")
    assert app.events.last().details == "办理结果:（三）不予公开6.属于四类过程性信息"
