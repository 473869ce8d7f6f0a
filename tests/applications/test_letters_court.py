"""The letters a court expects (Art. 32, 35, 36) with their 文号 and seal place, and 送达: how each
letter reached the applicant, with e-mail and SMS actually sent and their failures recorded."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.applications.test_statute import FIELDS
from xxgk.applications import letters
from xxgk.applications.delivery import confirm_received, deliver
from xxgk.applications.models import Application
from xxgk.applications.services import act, deadline_of, document, documents_for, register
from xxgk.reports.write.letter import SEAL_PLACE
from xxgk.rules.applications import Action, result_row

pytestmark = pytest.mark.django_db
CONTACT = {"email": "zhang@example.cn", "phone": "13800138000", "address": "某区某路1号"}


def case(office, received=date(2026, 11, 2)):
    agency, p = office
    return register(
        agency, p["clerk"], {**FIELDS, **CONTACT}, channel="in_person", received=received
    ).application


def answered(app, p, result, **data):
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result=result, **data)
    app = act(app, Action.APPROVE_ANSWER, p["reviewer"])
    return act(app, Action.SEND_ANSWER, p["clerk"], on_date=date(2026, 11, 20))


def test_information_already_published_is_answered_under_36_1_with_where_to_get_it(office):
    _agency, p = office
    app = case(office)
    with pytest.raises(ValidationError, match="获取该政府信息的方式和途径"):
        act(app, Action.DRAFT_ANSWER, p["clerk"], result="granted_published")
    app = answered(
        app, p, "granted_published", answer_text="见本机关门户网站政府信息公开专栏,索引号 X/2026-00012。"
    )
    text = "".join(letters.answer(app).lines)
    assert "第三十六条第(一)项" in text and "已经主动公开" in text and "索引号 X/2026-00012" in text
    assert result_row("granted_published", "2021") == "granted"  # counted as 予以公开 in the report


def test_not_this_agencys_information_names_the_responsible_one_under_36_5(office):
    _agency, p = office
    app = answered(
        case(office),
        p,
        "unable_not_ours",
        referred_to="某区住房和城乡建设局",
        referred_contact="010-6800 5678",
    )
    text = "".join(letters.answer(app).lines)
    assert "第三十六条第(五)项" in text and "不属于本机关负责公开" in text
    assert "负责公开该政府信息的行政机关为某区住房和城乡建设局,联系方式:010-6800 5678" in text
    assert result_row("unable_not_ours", "2021") == "unable_not_held"
    unknown = answered(case(office), p, "unable_not_ours")
    assert "本机关无法确定负责公开该政府信息的行政机关" in "".join(letters.answer(unknown).lines)
    absent = answered(case(office), p, "unable_not_held")
    text = "".join(letters.answer(absent).lines)
    assert "第三十六条第(四)项" in text and "该政府信息不存在" in text and "第(五)项" not in text


def test_article_35_reasons_then_a_later_date_then_and_only_then_refusal(office):
    agency, p = office
    app = case(office)
    with pytest.raises(ValidationError, match="须先要求申请人说明理由"):
        act(app, Action.DRAFT_ANSWER, p["clerk"], result="rejected_abusive")
    with pytest.raises(ValidationError, match="要求申请人说明理由、认为理由合理之后"):
        act(
            app,
            Action.DELAY_ANSWER,
            p["head"],
            on_date=date(2026, 11, 10),
            delay_until=date(2027, 3, 1),
            note="x",
        )
    app = act(
        app, Action.REQUEST_REASONS, p["clerk"], on_date=date(2026, 11, 5), note="一个月内申请120项信息的用途"
    )
    reasons = letters.DOCUMENTS["reasons"].make(app)
    assert "第三十五条" in "".join(reasons.lines) and "一个月内申请120项信息的用途" in "".join(reasons.lines)
    assert reasons.dated == "2026年11月5日" and reasons.number == f"{agency.name}依申说〔2026〕1号"
    assert ("reasons", letters.REASONS_TITLE) in documents_for(app, public=True)

    with pytest.raises(ValidationError, match="应晚于现在的答复期限2026-11-30"):
        act(
            app,
            Action.DELAY_ANSWER,
            p["head"],
            on_date=date(2026, 11, 10),
            delay_until=date(2026, 11, 20),
            note="x",
        )
    app = act(app, Action.DELAY_ANSWER, p["head"], on_date=date(2026, 11, 10), delay_until=date(2026, 12, 31),
              note="申请公开的信息涉及120个项目的档案")  # fmt: skip
    view = deadline_of(app, today=date(2026, 11, 10))
    assert view.deadline.due == date(2026, 12, 31) and view.deadline.delayed
    text = "".join(letters.delay(app).lines)
    assert "本机关将于2026年12月31日前作出答复" in text and "涉及120个项目的档案" in text
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result="rejected_abusive")  # now it may be given
    assert app.result == "rejected_abusive"


def test_third_party_grounds_need_an_objection_and_disclosure_over_one_is_notified_to_it(client, office):
    _agency, p = office
    app = case(office)
    with pytest.raises(ValidationError, match="第三方不同意公开"):
        act(app, Action.DRAFT_ANSWER, p["clerk"], result="withheld_third_party")
    app = act(app, Action.START_CONSULTATION, p["clerk"], on_date=date(2026, 11, 3), party="某化工有限公司")
    app = act(
        app,
        Action.FINISH_CONSULTATION,
        p["clerk"],
        on_date=date(2026, 11, 9),
        opinion="涉及商业秘密",
        objected=True,
    )
    consultation = app.consultations.get()
    assert consultation.objected
    with pytest.raises(ValueError, match="书面告知第三方"):
        letters.third_party_decision(app, consultation)  # nothing decided yet
    app = answered(app, p, "granted", answer_text="公开可能影响周边居民安全的排污数据,公共利益重大。")
    notice = letters.third_party_decision(app, consultation)
    text = "".join(notice.lines)
    assert notice.lines[0] == "某化工有限公司:" and "第三十二条" in text and "决定予以公开" in text
    assert "排污数据" in text and notice.number.endswith("依申告〔2026〕1号")
    client.force_login(p["clerk"])
    url = reverse("applications:consultation_decision", args=[app.pk, consultation.pk, "pdf"])
    assert client.get(url).content[:5] == b"%PDF-"
    assert (
        f'id="decision-{consultation.pk}-pdf"'
        in client.get(reverse("applications:case", args=[app.pk])).content.decode()
    )


def test_every_letter_carries_its_number_and_a_place_for_the_seal(office):
    agency, p = office
    agency.letter_prefix = "某发改"
    agency.save()
    app = case(office)
    app = act(app, Action.REQUEST_CORRECTION, p["clerk"], on_date=date(2026, 11, 3), note="请写明项目名称")
    for slug, _ in documents_for(app, public=False):
        letter = letters.DOCUMENTS[slug].make(app)
        assert (
            letter.number
            == f"某发改依申{letters.DOCUMENTS[slug].code}〔{app.number[:4]}〕{int(app.number[5:])}号"
        )
        html = letters.html(letter)
        assert letter.number in html and SEAL_PLACE in html
    docx = document(app, "correction", "docx", p["clerk"])
    from io import BytesIO

    from docx import Document as Docx

    paragraphs = [x.text for x in Docx(BytesIO(docx)).paragraphs]
    assert (
        f"某发改依申补〔{app.number[:4]}〕{int(app.number[5:])}号" in paragraphs and SEAL_PLACE in paragraphs
    )


def test_a_fee_notice_states_how_to_pay_and_a_payment_its_receipt(office):
    agency, p = office
    app = case(office)
    agency.fee_payment = ""
    agency.save()
    with pytest.raises(ValidationError, match="须载明缴纳方式"):
        act(app, Action.FEE_NOTICE, p["clerk"], on_date=date(2026, 11, 3), method="per_page", pages=150,
            delivery="in_person")  # fmt: skip
    agency.fee_payment = "某区非税收入统一缴款平台"
    agency.save()
    app = act(app, Action.FEE_NOTICE, p["clerk"], on_date=date(2026, 11, 3), method="per_page", pages=150,
              delivery="in_person")  # fmt: skip
    assert "缴纳方式:某区非税收入统一缴款平台" in "".join(letters.fee(app, app.fee_notices.get()).lines)
    with pytest.raises(ValidationError, match="缴费票据号码"):
        act(app, Action.FEE_PAID, p["clerk"], on_date=date(2026, 11, 5))
    app = act(app, Action.FEE_PAID, p["clerk"], on_date=date(2026, 11, 5), receipt_number="No.0012345")
    assert app.fee_notices.get().receipt_number == "No.0012345"
    assert "票据号码No.0012345" in app.events.get(action="fee_paid").details


def test_service_by_post_in_person_and_email_records_what_a_court_asks_for(office):
    _agency, p = office
    app = case(office)
    with pytest.raises(ValidationError, match="邮件单号"):
        deliver(app, "receipt", p["clerk"], method="post", sent_on=date(2026, 11, 3))
    posted = deliver(
        app, "receipt", p["clerk"], method="post", sent_on=date(2026, 11, 3), tracking="EMS 1234567890"
    )
    assert posted.to == "某区某路1号" and posted.received is None
    confirm_received(posted, p["clerk"], date(2026, 11, 5))
    assert posted.received == date(2026, 11, 5)
    with pytest.raises(ValidationError, match="签收日期不能早于发出日期"):
        confirm_received(posted, p["clerk"], date(2026, 11, 1))
    by_hand = deliver(app, "receipt", p["clerk"], method="in_person", sent_on=date(2026, 11, 3))
    assert by_hand.received == date(2026, 11, 3)

    emailed = deliver(app, "receipt", p["clerk"], method="email", sent_on=date(2026, 11, 3))
    assert emailed.received == date(2026, 11, 3) and not emailed.error
    sent = mail.outbox[-1]
    assert sent.to == ["zhang@example.cn"] and sent.attachments[0][1][:5] == b"%PDF-"
    trail = [e.note for e in app.events.filter(action="deliver")]
    assert "政府信息公开申请受理回执:邮寄(单号EMS 1234567890)" in trail and "登记签收:2026-11-05" in trail
    with pytest.raises(ValidationError, match="尚未拟定办理结果"):
        deliver(app, "letter", p["clerk"], method="email")


def test_an_email_that_cannot_be_sent_is_recorded_as_failed(office, settings):
    _agency, p = office
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    record = deliver(case(office), "receipt", p["clerk"], method="email", sent_on=date(2026, 11, 3))
    assert record.pk and record.received is None and record.error.startswith("邮件发送失败")


class Gateway:
    """A local SMS gateway answering `status`, recording what it was sent."""

    def __init__(self, status: int) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.headers.get("Authorization"), json.loads(body)))
                self.send_response(status)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("status", [200, 503])
def test_an_sms_notice_goes_through_the_http_gateway_and_its_refusal_is_recorded(office, settings, status):
    _agency, p = office
    gateway = Gateway(status)
    settings.XXGK_SMS_BACKEND, settings.XXGK_SMS_URL, settings.XXGK_SMS_TOKEN = "http", gateway.url, "t0ken"
    try:
        app = case(office)
        record = deliver(app, "receipt", p["clerk"], method="sms", sent_on=date(2026, 11, 3))
    finally:
        gateway.close()
    auth, body = gateway.received[0]
    assert auth == "Bearer t0ken" and body["phone"] == "13800138000"
    assert app.tracking_number in body["text"] and "受理回执" in body["text"]
    assert record.error == ("" if status == 200 else "短信网关拒绝发送(HTTP 503)")


def test_sms_to_a_file_and_online_download_counts_as_received(client, office, settings, tmp_path):
    _agency, p = office
    settings.XXGK_SMS_BACKEND, settings.XXGK_SMS_FILE = "file", str(tmp_path / "sms.jsonl")
    app = case(office)
    deliver(app, "receipt", p["clerk"], method="sms", sent_on=date(2026, 11, 3))
    assert json.loads((tmp_path / "sms.jsonl").read_text(encoding="utf-8"))["phone"] == "13800138000"
    online = deliver(app, "receipt", p["clerk"], method="online", sent_on=date(2026, 11, 3))
    assert online.received is None
    session = client.session
    session["status_ok"] = app.pk
    session.save()
    assert client.get("/apply/status/receipt.pdf").status_code == 200
    online.refresh_from_db()
    assert online.received is not None


def test_the_case_page_records_service_from_its_form(client, office):
    _agency, p = office
    app = case(office)
    client.force_login(p["clerk"])
    page = client.get(reverse("applications:case", args=[app.pk])).content.decode()
    assert 'id="deliver-form"' in page
    client.post(reverse("applications:deliver", args=[app.pk]),
                {"document": "receipt", "method": "post", "sent_on": "2026-11-03", "tracking": "EMS 9"})  # fmt: skip
    assert Application.objects.get(pk=app.pk).deliveries.get().tracking == "EMS 9"
    page = client.get(reverse("applications:case", args=[app.pk])).content.decode()
    assert "单号 EMS 9" in page and "登记签收" in page
    refused = client.post(reverse("applications:deliver", args=[app.pk]),
                          {"document": "letter", "method": "post", "tracking": "x"}, follow=True)  # fmt: skip
    assert "填写有误" in refused.content.decode()  # no answer yet: not a letter this case has


def test_the_letter_sent_is_the_record_whatever_changes_later(office, client, run_tasks):
    agency, p = office
    app = answered(case(office), p, "granted", answer_text="附件为立项批复。")
    assert not app.sent_letters.exists()
    run_tasks()  # the worker keeps the answer as sent
    sent = {s.kind: s for s in app.sent_letters.filter(document="letter")}
    assert set(sent) == {"pdf", "docx"}
    first = document(app, "letter", "docx", p["clerk"])
    import hashlib

    assert hashlib.sha256(first).hexdigest() == sent["docx"].sha256
    # The agency rewrites its template afterwards: the answer already given does not change.
    from xxgk.applications.models import LetterTemplate

    LetterTemplate.objects.create(agency=agency, result="granted", body="${申请人}:新的措辞。")
    assert document(app, "letter", "docx", p["clerk"]) == first
    emailed = deliver(app, "letter", p["clerk"], method="email", sent_on=date(2026, 11, 20))
    assert not emailed.error and mail.outbox[-1].attachments[0][1] == document(
        app, "letter", "pdf", p["clerk"]
    )
    receipt = deliver(app, "receipt", p["clerk"], method="in_person", sent_on=date(2026, 11, 3))
    assert receipt.pk and app.sent_letters.filter(document="receipt").count() == 2


def test_the_case_page_offers_only_the_steps_that_can_be_taken_and_flags_a_lapsed_correction(client, office):
    from xxgk.applications.services import actions_for

    _agency, p = office
    app = case(office, received=date(2026, 11, 2))
    app = act(app, Action.EXTEND, p["head"], on_date=date(2026, 11, 3), note="需调取档案", days=5)
    assert Action.EXTEND not in actions_for(p["head"], app)  # extended once: not offered again
    assert Action.REQUEST_EXTENSION not in actions_for(p["clerk"], app)
    client.force_login(p["clerk"])
    page = client.get(reverse("applications:case", args=[app.pk])).content.decode()
    assert 'data-action="request_extension"' not in page and "延期答复(由负责人办理)" not in page
    with pytest.raises(ValidationError, match="已经延期一次"):
        act(app, Action.EXTEND, p["head"], on_date=date(2026, 11, 4), note="x", days=5)

    lapsed = case(office, received=date(2026, 10, 9))
    lapsed = act(
        lapsed, Action.REQUEST_CORRECTION, p["clerk"], on_date=date(2026, 10, 9), note="请写明项目名称"
    )
    view = deadline_of(lapsed, today=lapsed.correction_due + timedelta(days=1))
    assert view.status == "overdue" and f"补正期限已于{lapsed.correction_due:%Y-%m-%d}届满" in view.message
    assert Action.REQUEST_CORRECTION not in actions_for(p["clerk"], lapsed)
