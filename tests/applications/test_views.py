import re
from datetime import date

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.applications.models import Application
from xxgk.applications.reminders import send_reminders
from xxgk.applications.services import act, register
from xxgk.cli import main
from xxgk.rules.applications import Action

PERSON = {
    "applicant_kind": "natural", "applicant_name": "李四", "id_type": "居民身份证", "id_number": "110101199003076579",
    "phone": "13800138000", "email": "lisi@example.com", "sought": "2025年区重点项目清单",
    "delivery_form": "electronic", "delivery_method": "email",
}  # fmt: skip


def challenge_answer(page: str) -> tuple[str, str]:
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    a, b = map(int, re.search(r"验证问题:(\d) 加 (\d)", page).groups())
    return token, str(a + b)


def post_application(client, agency, **overrides):
    page = client.get("/apply/").content.decode()
    token, answer = challenge_answer(page)
    data = {**PERSON, "agency": agency.pk, "challenge_token": token, "challenge": answer, "website": ""}
    data.update(overrides)
    return client.post("/apply/", data)


def test_public_application_then_status(client, office):
    agency, p = office
    response = post_application(client, agency)
    page = response.content.decode()
    assert response.status_code == 200 and "申请已提交" in page
    tracking = re.search(r'id="tracking">(\w+)<', page).group(1)
    code = re.search(r'id="query-code">(\d+)<', page).group(1)
    app = Application.objects.get(tracking_number=tracking)
    assert app.state == "submitted" and app.channel == "online"

    wrong = client.post("/apply/status/", {"tracking_number": tracking, "query_code": "x"}).content.decode()
    assert "查询号或查询码不正确" in wrong
    right = client.post("/apply/status/", {"tracking_number": tracking, "query_code": code}).content.decode()
    assert "待确认收到" in right and "李四" not in right and "13800138000" not in right
    assert client.get("/apply/status/letter.pdf").status_code == 404  # not answered yet

    app = act(app, Action.CONFIRM_RECEIPT, p["clerk"], on_date=date(2026, 11, 23))
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result="granted", answer_text="附件为项目清单。")
    app = act(app, Action.APPROVE_ANSWER, p["reviewer"])
    app = act(app, Action.SEND_ANSWER, p["clerk"], on_date=date(2026, 11, 24))
    page = client.post("/apply/status/", {"tracking_number": tracking, "query_code": code}).content.decode()
    assert "(一)予以公开" in page or "予以公开" in page
    letter = client.get("/apply/status/letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_public_form_refuses_bots_bad_answers_bad_files_and_floods(client, office):
    agency, _ = office
    assert "验证问题的答案不正确" in post_application(client, agency, challenge="99").content.decode()
    assert "提交未通过验证" in post_application(client, agency, website="http://spam").content.decode()
    forged = post_application(client, agency, challenge_token="forged").content.decode()
    assert "验证问题已失效" in forged
    exe = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf")
    assert "不是 PDF、JPG 或 PNG" in post_application(client, agency, scan=exe).content.decode()
    assert "自然人申请请填写身份证件号码" in post_application(client, agency, id_number="").content.decode()
    assert "校验码" in post_application(client, agency, id_number="110101199003076573").content.decode()
    assert Application.objects.count() == 0


def test_after_a_mistake_the_new_question_is_the_one_shown(client, office):
    agency, _ = office
    page = post_application(client, agency, phone="abc").content.decode()
    assert "请填写能联系到您的电话号码" in page
    token, answer = challenge_answer(page)  # the question on the page, with the page's token
    data = {**PERSON, "agency": agency.pk, "challenge_token": token, "challenge": answer, "website": ""}
    assert "申请已提交" in client.post("/apply/", data).content.decode()


def test_public_form_limits_floods_per_address(client, office):
    agency, _ = office
    for _ in range(5):
        assert post_application(client, agency).status_code == 200
    flood = post_application(client, agency)
    assert flood.status_code == 429 and "请一小时后再试" in flood.content.decode()
    assert Application.objects.count() == 5


def test_staff_pages_and_privacy(client, office, monkeypatch):
    # The case's dates are fixed; "today" is two days after receipt so that 还剩 holds.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date(2026, 11, 4))
    agency, p = office
    superior = AgencyFactory(name="区政务公开办")
    agency.parent = superior
    agency.save()
    app = register(agency, p["clerk"], PERSON, channel="in_person", received=date(2026, 11, 2)).application
    client.force_login(p["clerk"])
    worklist = client.get("/applications/").content.decode()
    assert app.number in worklist and "还剩" in worklist
    case = client.get(f"/applications/{app.pk}/").content.decode()
    assert "110101199003076579" in case and "发出补正告知" in case
    response = client.post(
        f"/applications/{app.pk}/act/",
        {"action": "request_correction", "on_date": "2026-11-03", "note": "请写明所需批复的文号"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == "correction"
    bad = client.post(f"/applications/{app.pk}/act/", {"action": "send_answer"}, follow=True).content.decode()
    assert "不能执行“送达答复”" in bad

    officer = UserFactory()
    grant_role(officer, superior, Role.REVIEWER)
    client.force_login(officer)
    read_only = client.get(f"/applications/{app.pk}/").content.decode()
    assert "仅受理机关工作人员可见" in read_only and "110101199003076579" not in read_only
    assert 'class="step"' not in read_only  # no step forms for a superior office
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.CLERK)
    client.force_login(stranger)
    assert client.get(f"/applications/{app.pk}/").status_code == 404


def test_letters(client, office):
    agency, p = office
    app = register(agency, p["clerk"], PERSON, channel="in_person", received=date(2026, 11, 2)).application
    app = act(
        app, Action.DRAFT_ANSWER, p["clerk"], result="partial", answer_text="第4页涉及个人隐私,不予公开。"
    )
    from xxgk.applications.letters import letter_text

    text = "\n".join(letter_text(app))
    assert "第三十七条" in text and "某区人民政府" in text and "六个月内向某区人民法院" in text
    assert "第4页涉及个人隐私" in text
    client.force_login(p["clerk"])
    docx = client.get(f"/applications/{app.pk}/letter.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_reminders_are_sent_once_a_day(office):
    agency, p = office
    p["clerk"].email = "clerk@example.gov.cn"
    p["clerk"].save()
    register(agency, p["clerk"], PERSON, channel="in_person", received=date(2026, 11, 2))  # due 11-30
    run = send_reminders(date(2026, 11, 24))  # 4 working days left
    assert (run.mails, run.cases) == (1, 1)
    assert "1件申请临近或超过答复期限" in mail.outbox[0].subject
    assert send_reminders(date(2026, 11, 24)).mails == 0
    assert len(mail.outbox) == 1
    assert send_reminders(date(2026, 12, 1)).mails == 1  # overdue the next week: a new reminder
    assert "超期1件" in mail.outbox[1].subject


def test_cli_import_and_export(office, tmp_path, capsys):
    agency, _ = office
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "编号,申请人类型,收到日期,答复日期,办理结果\nA1,自然人,2025/3/1,2025-03-20,予以公开\n",
        encoding="utf-8-sig",
    )
    assert main(["import", "applications", str(ledger), "--agency", agency.code]) == 0
    assert "新增1件" in capsys.readouterr().out
    bad = tmp_path / "坏.csv"
    bad.write_text("编号,申请人类型,收到日期\nA2,外国人,2025-03-01\n", encoding="utf-8")
    assert main(["import", "applications", str(bad), "--agency", agency.code]) == 2
    assert "第2行“申请人类型”列" in capsys.readouterr().err
    out = tmp_path / "导出.xlsx"
    assert main(["export", "applications", str(out), "--agency", agency.code]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_agency_template_wins_over_the_built_in_letter(office):
    from xxgk.applications.letters import letter_text
    from xxgk.applications.models import LetterTemplate

    agency, p = office
    app = register(agency, p["clerk"], PERSON, channel="in_person", received=date(2026, 11, 2)).application
    app = act(app, Action.DRAFT_ANSWER, p["clerk"], result="unable_not_held")
    LetterTemplate.objects.create(
        agency=agency, result="unable_not_held", body="${申请人}:\n经检索,${机关}未制作该信息(${法律依据})。"
    )
    assert letter_text(app) == [
        "李四:",
        "经检索,某区发展和改革委员会未制作该信息(第三十六条第(四)项)。",
    ]


def test_apply_opened_from_an_agencys_column_preselects_that_agency(client, office):
    agency, _ = office
    AgencyFactory(name="区教育局")  # another agency, listed too
    page = client.get(f"/apply/?agency={agency.code}").content.decode()
    assert re.search(rf'<option value="{agency.pk}" selected>', page)
    home = client.get(f"/gk/{agency.code}/").content.decode()
    assert f"/apply/?agency={agency.code}" in home


def test_the_worklist_finds_filters_and_pages(client, office):
    from xxgk.applications.services import register

    agency, p = office
    for n in range(35):
        register(agency, p["clerk"], {"applicant_kind": "natural", "applicant_name": f"申请人{n:02d}",
                                      "sought": f"第{n}号项目的批复"}, channel="in_person", received=date(2026, 11, 2))  # fmt: skip
    client.force_login(p["clerk"])
    page = client.get("/applications/").content.decode()
    assert "共35件" in page and "第1/2页" in page and "尾页" in page and 'name="page"' in page
    assert "申请人" in page and "自然人" in page  # the applicant's name and kind
    found = client.get("/applications/", {"q": "申请人07"}).content.decode()
    assert "共1件" in found and "第7号项目的批复" in found
    assert "没有符合条件的申请" in client.get("/applications/", {"q": "不存在的人"}).content.decode()
    answered = client.get("/applications/", {"state": "answered"}).content.decode()
    assert "共0件" in answered or "没有符合条件的申请" in answered
    second = client.get("/applications/", {"page": "2"}).content.decode()
    assert "第2/2页" in second and "首页" in second
    assert "第2/2页" in client.get("/applications/", {"page": "999"}).content.decode()  # the nearest page
    assert "第1/2页" in client.get("/applications/", {"page": "x"}).content.decode()


def test_a_form_with_mistakes_says_at_the_top_what_to_fix_and_marks_the_fields(client, office):
    agency, _ = office
    page = post_application(client, agency, phone="abc", id_number="").content.decode()
    assert 'class="error-summary" role="alert"' in page
    assert '<a href="#id_phone">联系电话:请填写能联系到您的电话号码' in page
    assert '<a href="#id_id_number">' in page and "自然人申请请填写身份证件号码" in page
    assert re.search(r'<input[^>]*name="phone"[^>]*aria-invalid="true"', page)
    assert not Application.objects.exists()
    assert "申请已提交" in post_application(client, agency, phone="0517-83605210转123").content.decode()


def test_empty_choices_say_please_choose(client, office):
    page = client.get("/apply/").content.decode()
    assert "---------" not in page and ">请选择</option>" in page


def test_the_status_lookup_says_once_what_is_wrong_and_what_to_do(client, office):
    page = client.post(
        "/apply/status/", {"tracking_number": "YSQ2026", "query_code": "123456"}
    ).content.decode()
    assert page.count("查询号或查询码不正确") == 1
    assert 'id="not-found"' in page and "重新提交申请" in page


def test_a_script_that_answers_the_question_at_once_is_refused(client, office, settings):
    """Issue 20: the sum is solvable by a script; the time a person needs to fill in the form is not
    (the question is served with its time, and an answer within XXGK_APPLY_MIN_SECONDS is refused)."""
    import time_machine

    agency, _ = office
    settings.XXGK_APPLY_MIN_SECONDS = 5
    with time_machine.travel("2026-11-20 10:00:00 +0800", tick=False) as clock:
        refused = post_application(client, agency).content.decode()
        assert "提交过快" in refused and not Application.objects.exists()
        page = client.get("/apply/").content.decode()
        token, answer = challenge_answer(page)
        clock.shift(30)  # half a minute writing the application
        data = {**PERSON, "agency": agency.pk, "challenge_token": token, "challenge": answer, "website": ""}
        assert "申请已提交" in client.post("/apply/", data).content.decode()


def test_a_lookup_costs_one_hash_whether_or_not_the_case_exists(office, monkeypatch):
    """Issue 24: the wrong-code path hashed three times (1.6 s right, 4.6 s wrong); now one hash each
    way, so the answer's timing says nothing and a lookup stays fast."""
    from django.contrib.auth.hashers import make_password

    from xxgk.applications import query_codes
    from xxgk.applications.services import find_by_tracking, register

    agency, p = office
    filed = register(agency, p["clerk"], {"applicant_kind": "natural", "applicant_name": "张三"},
                     channel="in_person", received=date(2026, 11, 2))  # fmt: skip
    tracking = filed.application.tracking_number
    query_codes._absent()  # made once a process, not per lookup
    calls = []
    real = query_codes.HASHER.verify
    monkeypatch.setattr(query_codes.HASHER, "verify", lambda *a: calls.append(a) or real(*a))
    for number, code, found in (
        (tracking, filed.query_code, True),
        (tracking, "x", False),
        ("YSQ0", "1", False),
    ):
        calls.clear()
        assert (find_by_tracking(number, code) is not None) is found
        assert len(calls) == 1, (number, code)
    # A code hashed before, with the default hasher, is still recognised.
    Application.objects.filter(pk=filed.application.pk).update(query_code_hash=make_password("654321"))
    assert find_by_tracking(tracking, "654321") is not None
