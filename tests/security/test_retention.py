"""Issue 13, PIPL: applicants' identity documents and contact data are purged a configurable number of
years after a case closes (`xxgk purge`, with --dry-run, also run daily), leaving the case's
statistics and an audit entry."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xxgk.applications.models import Application, Attachment, Event
from xxgk.applications.selectors import applications_table
from xxgk.applications.services import act, add_attachment, register
from xxgk.cli import main
from xxgk.rules.applications import Action
from xxgk.security.models import SecurityEvent, SecurityKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def closed_case(agency, clerk, reviewer, received, answered, name="张三丰"):
    fields = {"applicant_kind": "natural", "applicant_name": name, "id_number": "110101199003074514",
              "phone": "13800138000", "email": "z@example.cn", "address": "某路1号", "sought": "某项目批复"}  # fmt: skip
    app = register(agency, clerk, fields, channel="in_person", received=received).application
    add_attachment(app, SimpleUploadedFile("id.pdf", PDF), "identity", clerk)
    act(app, Action.DRAFT_ANSWER, clerk, result="granted", on_date=answered)
    act(app, Action.APPROVE_ANSWER, reviewer, on_date=answered)
    return act(app, Action.SEND_ANSWER, clerk, on_date=answered)


@pytest.mark.usefixtures("tmp_media")
def test_purge_after_the_retention_period_keeps_statistics_and_a_trail(office, capsys):
    agency, p = office
    old = closed_case(agency, p["clerk"], p["reviewer"], date(2020, 3, 2), date(2020, 3, 10))
    recent = closed_case(agency, p["clerk"], p["reviewer"], date(2025, 3, 3), date(2025, 3, 10), name="李四")
    appealed = closed_case(agency, p["clerk"], p["reviewer"], date(2020, 4, 1), date(2020, 4, 8), name="王五")
    from xxgk.applications.services import add_appeal

    add_appeal(appealed, p["clerk"], {"kind": "review", "filed": date(2020, 5, 6)})  # still pending
    table_before = applications_table(agency, 2020, "2019")
    stored = Attachment.objects.get(application=old).file.path

    assert main(["purge", "--dry-run", "--date", "2026-11-25"]) == 0
    assert "将清除1件" in capsys.readouterr().out
    assert Application.objects.get(pk=old.pk).phone == "13800138000"

    assert main(["purge", "--date", "2026-11-25"]) == 0
    old.refresh_from_db()
    assert (old.applicant_name, old.id_number, old.phone, old.email, old.address) == (
        "(已清除)",
        "",
        "",
        "",
        "",
    )
    assert old.purged_at is not None and not Attachment.objects.filter(application=old).exists()
    import os

    assert not os.path.exists(stored)  # the document's bytes are gone, not only its row
    assert (old.applicant_kind, old.result, old.answered, old.sought) == (
        "natural",
        "granted",
        date(2020, 3, 10),
        "某项目批复",
    )
    assert applications_table(agency, 2020, "2019") == table_before
    assert Event.objects.filter(application=old, action="purge").exists()
    assert SecurityEvent.objects.filter(kind=SecurityKind.PURGE).exists()
    recent.refresh_from_db()
    assert recent.applicant_name == "李四" and Attachment.objects.filter(application=recent).exists()
    appealed.refresh_from_db()
    assert appealed.applicant_name == "王五"  # a pending reconsideration still needs the applicant
    capsys.readouterr()
    assert main(["daily", "--date", "2026-11-25"]) == 0  # the daily task purges too; nothing left now
    assert "retention:清除0件申请的个人信息" in capsys.readouterr().out


@pytest.fixture
def tmp_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
