"""A published report is a public record (issue 24): its files are rendered once at publication,
stored with their SHA-256 and served as stored — byte for byte on every download, without rendering
again, with an ETag answered 304; a withdrawal keeps them as the record and stops serving them."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from xxgk.annual import services as annual
from xxgk.annual.models import PublishedFile

pytestmark = pytest.mark.django_db


def url(report, fmt):
    return reverse("portal:report_file", args=[report.agency.code, report.year, fmt])


def test_the_published_file_is_the_file_served_byte_for_byte(
    client, published_report, monkeypatch, run_tasks
):
    report = published_report
    run_tasks()  # the worker fixes the files of the publication
    stored = {f.fmt: f for f in PublishedFile.objects.filter(report=report)}
    assert set(stored) == {"pdf", "docx", "html", "json"}
    first = client.get(url(report, "docx"))
    # Rendering is not what serves a published report any more: break it and download again.
    monkeypatch.setattr(
        annual, "export_report", lambda *a: pytest.fail("a published file was rendered again")
    )
    second = client.get(url(report, "docx"))
    assert first.content == second.content and first.content[:2] == b"PK"
    digest = hashlib.sha256(second.content).hexdigest()
    assert digest == stored["docx"].sha256 and second["ETag"] == f'"{digest}"'
    assert "max-age" in second["Cache-Control"]
    again = client.get(url(report, "docx"), HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304 and again.content == b""
    pdf = client.get(url(report, "pdf"))
    assert hashlib.sha256(pdf.content).hexdigest() == stored["pdf"].sha256
    page = client.get(reverse("portal:report", args=[report.agency.code, report.year])).content.decode()
    assert stored["pdf"].sha256 in page and stored["docx"].sha256 in page


def test_withdrawal_keeps_the_record_and_a_new_publication_fixes_new_files(
    client, published_report, run_tasks
):
    from xxgk.agencies.models import Role

    report = published_report
    run_tasks()
    head = report.agency.memberships.get(role=Role.HEAD).user
    before = {f.fmt: f.sha256 for f in PublishedFile.objects.filter(report=report)}
    annual.withdraw(report, head, "表格有误")
    assert client.get(url(report, "pdf")).status_code == 404
    assert PublishedFile.objects.filter(report=report, withdrawn_at__isnull=False).count() == 4
    report.refresh_from_db()
    annual.save_draft(
        report,
        head,
        {},
        {
            "一": "{年度}年,{机关}新收申请{新收申请}件(更正)。",
            "五": "个别栏目更新不够及时,将加强审核。",
            "六": "{收费情况}。",
        },
    )
    annual.publish(report, head, acknowledge=True)
    run_tasks()
    after = {f.fmt: f.sha256 for f in PublishedFile.objects.filter(report=report, withdrawn_at__isnull=True)}
    assert after.keys() == before.keys() and after["html"] != before["html"]
    assert PublishedFile.objects.filter(report=report).count() == 8


def test_a_report_published_before_files_were_kept_gets_them_fixed_at_first_request(client, published_report):
    report = published_report
    PublishedFile.objects.filter(report=report).delete()
    first = client.get(url(report, "pdf")).content
    assert client.get(url(report, "pdf")).content == first
    assert PublishedFile.objects.filter(report=report, fmt="pdf").count() == 1


def test_a_download_served_from_the_portal_cache_keeps_its_name_and_its_own_etag(
    client, published_report, run_tasks
):
    report = published_report
    run_tasks()
    first = client.get(url(report, "pdf"))
    second = client.get(url(report, "pdf"))  # from the shared cache: no query for the file
    assert second.content == first.content
    for header in ("Content-Disposition", "ETag", "Cache-Control", "Content-Type"):
        assert second[header] == first[header], header
    digest = PublishedFile.objects.get(report=report, fmt="pdf").sha256
    assert second["ETag"] == f'"{digest}"'
    assert client.get(url(report, "pdf"), HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
