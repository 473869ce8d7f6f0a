"""Issue: the superior office downloaded subordinates' answer letters, which begin with the
applicant's name (/applications/<id>/letter.pdf|docx), although the case page hides it; the
attachment `role` accepted any value."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.applications.services import act, add_attachment, document, register
from xxgk.rules.applications import Action


@pytest.fixture
def answered(office):
    agency, p = office
    fields = {"applicant_kind": "natural", "applicant_name": "张三丰", "sought": "某项目批复"}
    app = register(agency, p["clerk"], fields, channel="in_person", received=date(2026, 3, 2)).application
    act(app, Action.DRAFT_ANSWER, p["clerk"], result="granted", on_date=date(2026, 3, 3))
    superior = AgencyFactory(name="区政务公开办")
    agency.parent = superior
    agency.save()
    reader = UserFactory(username="gongkaiban")
    grant_role(reader, superior, Role.REVIEWER)
    return app, p, reader


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_superior_office_cannot_download_a_subordinates_letter(client, answered, kind):
    app, p, reader = answered
    client.force_login(reader)
    assert client.get(f"/applications/{app.pk}/").status_code == 200  # reads the case …
    assert client.get(f"/applications/{app.pk}/letter.{kind}").status_code == 403  # … not the letter
    with pytest.raises(PermissionDenied):
        document(app, "letter", kind, reader)
    client.force_login(p["clerk"])
    response = client.get(f"/applications/{app.pk}/letter.{kind}")
    assert response.status_code == 200 and len(response.content) > 1000


def test_an_attachment_role_must_be_one_of_the_roles_and_the_bytes_what_the_name_says(answered):
    app, p, reader = answered
    pdf = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    with pytest.raises(ValidationError, match="附件类别"):
        add_attachment(app, SimpleUploadedFile("a.pdf", pdf), "anything", p["clerk"])
    with pytest.raises(ValidationError, match="文件名与内容不符"):
        add_attachment(app, SimpleUploadedFile("a.png", b"<html>"), "answer", p["clerk"])
    with pytest.raises(PermissionDenied):
        add_attachment(app, SimpleUploadedFile("a.pdf", pdf), "answer", reader)
    assert add_attachment(app, SimpleUploadedFile("a.pdf", pdf), "answer", p["clerk"]).role == "answer"
