"""Issue 14: rules where the texts say otherwise, each test quoting the case it covers."""

from datetime import date

import pytest

from xxgk.applications import letters
from xxgk.applications.services import act, deadline_of, register
from xxgk.rules.applications import LEGAL_BASIS, Action, State, next_state

FIELDS = {"applicant_kind": "natural", "applicant_name": "张三", "sought": "某项目批复"}


def test_withheld_query_cites_article_36_item_7_the_query_channel():
    # 第三十六条第(七)项: 所申请公开信息属于工商、不动产登记资料等信息,有关法律、行政法规对信息的获取
    # 有特别规定的,告知申请人依照有关法律、行政法规的规定办理 — the answer for 行政查询事项.
    assert LEGAL_BASIS["withheld_query"].articles == "第三十六条第(七)项"
    assert "查询" in LEGAL_BASIS["withheld_query"].summary


def test_confirm_or_reissue_cites_no_article_since_the_regulation_has_none(office):
    # No article of the Regulation is about confirming or re-issuing information already obtained;
    # 第三十六条第(七)项 is about 工商、不动产登记资料. The letter gives the reason and cites nothing.
    assert LEGAL_BASIS["rejected_confirm"].articles == ""
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result="rejected_confirm", on_date=date(2026, 3, 3))
    text = "\n".join(letters.letter_text(app))
    assert "第三十六条" not in text and "特此告知" in text
    assert "条例》有关的规定" not in text  # no vague pseudo-citation either


@pytest.mark.parametrize("waiting", [State.FEE, State.CONSULTING])
def test_an_extension_keeps_the_case_waiting(waiting):
    # Approving an extension while the case waits for a fee (待缴费) returned it to 办理中: the clock
    # would run while the fee is unpaid. An extension keeps the state it was approved in.
    assert next_state(waiting, Action.EXTEND) is waiting
    assert next_state(State.RECEIVED, Action.EXTEND) is State.RECEIVED


def test_an_extension_during_a_fee_wait_does_not_restart_the_clock(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    app = act(
        app,
        Action.FEE_NOTICE,
        p["clerk"],
        on_date=date(2026, 3, 9),
        method="per_page",
        pages=150,
        delivery="in_person",
    )
    paused = deadline_of(app, today=date(2026, 3, 20))
    app = act(app, Action.EXTEND, p["head"], note="需调取档案", on_date=date(2026, 3, 20))
    assert app.state == State.FEE
    after = deadline_of(app, today=date(2026, 3, 20))
    assert after.status == "paused" and after.deadline.due > paused.deadline.due


def test_the_fee_is_due_20_working_days_after_the_applicant_received_the_notice(office):
    # 国办函〔2020〕109号: 申请人应当自收到收费通知次日起20个工作日内缴纳费用 — counted from receipt,
    # not from the day the notice was issued; a waiver records who decided and why.
    from django.core.exceptions import ValidationError

    from xxgk.rules.workdays import WorkingDayCalendar

    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    app = act(
        app,
        Action.FEE_NOTICE,
        p["clerk"],
        on_date=date(2026, 3, 3),
        method="per_page",
        pages=150,
        delivery="post",
    )
    notice = app.fee_notices.get()
    assert notice.pay_by is None  # posted: the 20 days start once it is known when it arrived
    with pytest.raises(ValidationError, match="缴费期限还不确定"):
        act(app, Action.FEE_LAPSED, p["clerk"], on_date=date(2026, 4, 20))
    app = act(app, Action.FEE_DELIVERED, p["clerk"], delivered=date(2026, 3, 6))
    notice.refresh_from_db()
    calendar = WorkingDayCalendar()
    assert notice.pay_by == calendar.add(date(2026, 3, 6), 20) != calendar.add(date(2026, 3, 3), 20)
    assert app.state == State.FEE
    with pytest.raises(ValidationError, match="尚未届满"):
        act(app, Action.FEE_LAPSED, p["clerk"], on_date=notice.pay_by)
    app = act(app, Action.FEE_EXEMPTED, p["head"], note="申请人为低保户,免收", on_date=date(2026, 3, 10))
    notice.refresh_from_db()
    assert notice.exempted and notice.exempted_by == p["head"] and "低保" in notice.exemption_reason


def test_a_correction_notice_states_what_and_by_when_and_lapses_only_after(office, client):
    # Art. 30: 一次性告知申请人作出补正,说明需要补正的事项和合理的补正期限 … 申请人无正当理由逾期不补正的,
    # 视为放弃申请. The period is the agency's (default 15 wd; the article names no number).
    from django.core.exceptions import ValidationError

    from xxgk.rules.workdays import WorkingDayCalendar

    agency, p = office
    agency.correction_days = 10
    agency.save()
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    with pytest.raises(ValidationError, match="需要补正的事项"):
        act(app, Action.REQUEST_CORRECTION, p["clerk"], on_date=date(2026, 3, 3))
    app = act(
        app, Action.REQUEST_CORRECTION, p["clerk"], on_date=date(2026, 3, 3), note="所需批复的文号或项目名称"
    )
    due = WorkingDayCalendar().add(date(2026, 3, 3), 10)
    assert app.correction_due == due
    assert f"补正期限至{due:%Y-%m-%d}" in deadline_of(app, today=date(2026, 3, 5)).message
    with pytest.raises(ValidationError, match="尚未届满"):
        act(app, Action.CORRECTION_LAPSED, p["clerk"], on_date=due)
    text = "\n".join(letters.correction(app).lines)
    assert "所需批复的文号或项目名称" in text and "第三十条" in text and "视为放弃申请" in text
    client.force_login(p["clerk"])
    assert client.get(f"/applications/{app.pk}/correction.pdf").content[:5] == b"%PDF-"
    assert client.get(f"/applications/{app.pk}/correction.docx").content[:2] == b"PK"
    lapsed = act(app, Action.CORRECTION_LAPSED, p["clerk"], on_date=WorkingDayCalendar().add(due, 1))
    assert lapsed.result == "other_no_correction"


def test_information_made_by_another_agency_is_consulted_and_its_silence_is_consent(office, client):
    # Art. 34: 申请公开的政府信息由两个以上行政机关共同制作的 … 被征求意见机关应当自收到征求意见书
    # 之日起15个工作日内提出意见,逾期未提出意见的视为同意公开. Art. 33: the time is not counted.
    from django.core.exceptions import ValidationError

    from xxgk.rules.workdays import WorkingDayCalendar

    agency, p = office
    calendar = WorkingDayCalendar()
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    before = deadline_of(app, today=date(2026, 3, 9)).deadline.due
    app = act(
        app, Action.START_CONSULTATION, p["clerk"], on_date=date(2026, 3, 9), party="某区财政局",
        consult_kind="agency", letter_received=date(2026, 3, 10),
    )  # fmt: skip
    consultation = app.consultations.get()
    assert consultation.reply_due == calendar.add(date(2026, 3, 10), 15)
    with pytest.raises(ValidationError, match="尚未届满"):
        act(app, Action.FINISH_CONSULTATION, p["clerk"], no_reply=True, on_date=consultation.reply_due)
    late_notice = calendar.add(consultation.reply_due, 3)
    app = act(app, Action.FINISH_CONSULTATION, p["clerk"], no_reply=True, on_date=late_notice)
    consultation.refresh_from_db()
    assert consultation.replied == consultation.reply_due  # uncounted time ends when the period ran out
    assert "视为同意公开" in consultation.opinion and "第三十四条" in consultation.opinion
    after = deadline_of(app, today=late_notice).deadline.due
    assert after == calendar.add(before, calendar.count(date(2026, 3, 9), consultation.reply_due))
    text = "\n".join(letters.consultation(app, consultation).lines)
    assert "第三十四条" in text and "视为同意公开" in text and "15个工作日" in text
    client.force_login(p["clerk"])
    assert client.get(f"/applications/{app.pk}/consultations/{consultation.pk}.pdf").content[:5] == b"%PDF-"
