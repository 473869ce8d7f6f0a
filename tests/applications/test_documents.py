"""The letters of a case beyond the answer: 受理回执 (Art. 31, 33), 延期答复告知书 (Art. 33 para. 2),
收费通知书 (Art. 42; 国办函〔2020〕109号): what each says, who may download it, and when."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.applications.test_statute import FIELDS
from tests.applications.test_views import post_application
from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.applications import letters
from xxgk.applications.models import Application
from xxgk.applications.services import act, deadline_of, document, documents_for, register
from xxgk.rules.applications import Action

pytestmark = pytest.mark.django_db


def test_the_receipt_says_when_the_period_starts_by_how_the_application_came(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    text = "".join(letters.receipt(app).lines)
    assert app.tracking_number in text and "第三十一条,当面提交的,以提交之日为收到申请之日" in text
    # 20 wd from Mon 2026-03-02: 03-30.
    assert "收到申请的日期为2026年3月2日" in text and "20个工作日内(即2026年3月30日前)予以答复" in text
    assert document(app, "receipt", "pdf", p["clerk"])[:5] == b"%PDF-"
    assert [slug for slug, _ in documents_for(app, public=False)] == ["receipt"]


def test_the_extension_notice_names_the_days_the_new_date_and_who_agreed(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    with pytest.raises(ValidationError, match="没有延期答复"):
        document(app, "extension", "pdf", p["clerk"])
    app = act(app, Action.EXTEND, p["head"], note="需调取档案", on_date=date(2026, 3, 20), days=10)
    letter = letters.extension(app)
    text = "".join(letter.lines)
    due = deadline_of(app, today=date(2026, 3, 20)).deadline.due
    assert "因需调取档案,本机关不能在收到申请之日起20个工作日内作出答复" in text
    assert f"延长{app.extension_days}个工作日" in text and "第三十三条第二款" in text
    assert f"{due.year}年{due.month}月{due.day}日前作出答复" in text
    assert "政府信息公开工作机构负责人同意" in text and letter.dated == "2026年3月20日"
    assert "extension" in [slug for slug, _ in documents_for(app, public=True)]


def test_the_fee_notice_states_method_amount_and_the_20_days(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    app = act(
        app,
        Action.FEE_NOTICE,
        p["clerk"],
        on_date=date(2026, 3, 3),
        method="per_page",
        pages=150,
        delivery="in_person",
    )
    notice = app.fee_notices.get()
    text = "".join(letters.fee(app, notice).lines)
    assert f"计收方式:按量计收;数量:150页;金额:{notice.amount}元" in text and notice.amount > 0
    assert "第四十二条" in text and "国办函〔2020〕109号" in text and "次日起20个工作日内" in text
    assert f"{notice.pay_by.year}年{notice.pay_by.month}月{notice.pay_by.day}日前" in text
    assert "逾期未缴纳的,视为放弃申请" in text
    assert document(app, "fee", "docx", p["clerk"])[:2] == b"PK"


def test_other_agencies_and_superiors_get_no_letter(office):
    agency, p = office
    app = register(agency, p["clerk"], FIELDS, channel="in_person", received=date(2026, 3, 2)).application
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.CLERK)
    with pytest.raises(PermissionDenied):
        document(app, "receipt", "pdf", stranger)
    with pytest.raises(ValidationError, match="没有这种文书"):
        document(app, "../../etc/passwd", "pdf", p["clerk"])


def test_the_applicant_prints_the_receipt_right_after_filing_and_nobody_else_can(client, office):
    agency, _ = office
    page = post_application(client, agency).content.decode()
    assert 'id="receipt"' in page and "/apply/status/receipt.pdf" in page
    receipt = client.get("/apply/status/receipt.pdf")
    assert receipt.status_code == 200 and receipt.content[:5] == b"%PDF-"
    app = Application.objects.get()
    assert "本机关确认收到后开始计算答复期限" in "".join(letters.receipt(app).lines)  # online: Art. 31(3)
    assert client.get("/apply/status/letter.pdf").status_code == 404  # nothing answered yet
    from django.test import Client

    assert Client().get("/apply/status/receipt.pdf").status_code == 404  # another browser
