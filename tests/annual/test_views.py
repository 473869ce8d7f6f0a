"""The staff pages (dashboard, editor, publish) and the portal's 政府信息公开年报 list."""

import re
from datetime import date

from django.urls import reverse

from xxgk.annual import services as annual
from xxgk.annual.models import Report, ReportState
from xxgk.applications import services as cases

TEXTS = {
    "section_一": "{年度}年,{机关}新收申请{新收申请}件。",
    "section_五": "个别栏目更新不够及时,将加强审核。",
    "section_六": "本年度未收取信息处理费。",
}


def test_dashboard_shows_charts_and_the_same_numbers_as_a_table(client, staff):
    agency, people = staff
    for day in (date(2025, 3, 3), date(2025, 3, 17), date(2025, 7, 1)):
        cases.register(agency, people["clerk"], {"applicant_kind": "natural", "applicant_name": "张三"},
                       channel="in_person", received=day)  # fmt: skip
    client.force_login(people["clerk"])
    page = client.get(reverse("annual:dashboard"), {"agency": agency.code, "year": "2025"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 3 and 'aria-label="2025年每月新收申请和答复"' in html
    assert "全年新收申请3件" in html
    assert '<th scope="row">3月</th><td class="num">2</td>' in html
    # The charts are server-rendered SVG: the only script is the frame's own (the phone menu).
    assert re.findall(r'<script src="([^"]+)"', html) == ["/static/xxgk/menu.js", "/static/xxgk/frame.js"]


def test_deadline_is_shown_from_december(staff):
    from xxgk.annual.summary import due_notice

    agency, _ = staff
    assert due_notice(agency, {}, date(2025, 11, 30)) == ""
    assert (
        due_notice(agency, {}, date(2025, 12, 1))
        == "2025年政府信息公开工作年度报告应于2026年1月31日前发布,还有61天。"
    )
    assert due_notice(agency, {}, date(2026, 1, 30)).startswith(
        "2025年政府信息公开工作年度报告应于2026年1月31日前"
    )
    assert due_notice(agency, {}, date(2026, 2, 1)) == ""


def test_write_check_publish_and_find_on_the_portal(client, staff):
    agency, people = staff
    client.force_login(people["clerk"])
    response = client.post(reverse("annual:start"), {"agency": agency.code, "year": "2025"})
    report = Report.objects.get(agency=agency, year=2025)
    url = reverse("annual:report", args=[report.pk])
    assert response.url == url
    page = client.get(url).content.decode()
    assert "第一部分还有未填写的提示" in page and "{新收申请}" in page
    draft_json = client.get(reverse("annual:export", args=[report.pk, "json"])).json()
    assert "text.placeholder" in [f["rule"] for f in draft_json["findings"]]  # as the page shows them

    bad = client.post(url, {**TEXTS, "licensing.decisions": "十二"}, follow=True).content.decode()
    assert "“行政许可”的“本年处理决定数量”应为数字,实为“十二”" in bad
    assert Report.objects.get(pk=report.pk).manual == {}

    client.post(url, {**TEXTS, "licensing.decisions": "12"})
    assert Report.objects.get(pk=report.pk).manual["licensing.decisions"] == 12
    confirmed = {"confirm": "1"}
    page = client.post(reverse("annual:publish", args=[report.pk]), confirmed, follow=True).content.decode()
    assert "发布年报须由审核人或负责人操作" in page

    client.force_login(people["head"])
    client.post(reverse("annual:publish", args=[report.pk]), confirmed)
    assert Report.objects.get(pk=report.pk).state == ReportState.PUBLISHED

    listing = client.get(reverse("portal:reports", args=[agency.code])).content.decode()
    assert "某区发展和改革委员会2025年政府信息公开工作年度报告" in listing
    public = client.get(reverse("portal:report", args=[agency.code, 2025])).content.decode()
    assert "2025年,我委新收申请0件。" in public and '<table class="xxgk-report"' in public
    pdf = client.get(reverse("portal:report_file", args=[agency.code, 2025, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("portal:report_file", args=[agency.code, 2025, "xlsx"])).status_code == 404


def test_drafts_are_not_on_the_portal_and_superiors_only_read(client, staff, district):
    agency, people = staff
    office, office_head, _, _ = district
    agency.parent = office
    agency.save()
    report = annual.get_or_start(agency, 2025)
    assert client.get(reverse("portal:report", args=[agency.code, 2025])).status_code == 404
    client.force_login(office_head)
    assert client.get(reverse("annual:report", args=[report.pk])).status_code == 200
    assert client.post(reverse("annual:report", args=[report.pk]), TEXTS).status_code == 403
    client.force_login(people["clerk"])
    other = annual.get_or_start(office, 2025)
    assert client.get(reverse("annual:report", args=[other.pk])).status_code == 404
