"""Large exports built by the worker: asked for on a page, downloaded by whoever asked, only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.background.models import Export

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client):
    agency = AgencyFactory(name="某区民政局")
    user = UserFactory()
    grant_role(user, agency, Role.CLERK)
    client.force_login(user)
    return client, agency, user


def test_the_ledger_is_built_in_the_background_and_given_to_its_requester_only(clerk, client, run_tasks):
    client, agency, _ = clerk
    asked = client.post("/exports/", {"kind": "applications_ledger", "object": agency.pk})
    export = Export.objects.get()
    assert asked["Location"] == f"/exports/{export.pk}/" and export.state == "queued"
    assert client.get(f"/exports/{export.pk}/", HTTP_ACCEPT="application/json").json() == {
        "state": "queued",
        "finished": False,
    }
    assert client.get(f"/exports/{export.pk}/download").status_code == 404
    run_tasks()
    assert client.get(f"/exports/{export.pk}/", HTTP_ACCEPT="application/json").json()["finished"] is True
    response = client.get(f"/exports/{export.pk}/download")
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row >= 1

    other = UserFactory()
    grant_role(other, agency, Role.CLERK)  # even a colleague: the file may hold applicants' data
    client.force_login(other)
    assert client.get(f"/exports/{export.pk}/").status_code == 404
    assert client.get(f"/exports/{export.pk}/download").status_code == 404


def test_an_export_of_another_agency_is_refused(clerk):
    client, _, _ = clerk
    stranger = AgencyFactory()
    assert client.post("/exports/", {"kind": "applications_ledger", "object": stranger.pk}).status_code == 404
    assert client.post("/exports/", {"kind": "no_such_kind", "object": 1}).status_code == 404
    assert client.post("/exports/", {"kind": "applications_ledger", "object": "x"}).status_code == 404
    assert not Export.objects.exists()


def test_a_role_taken_away_before_the_build_means_no_file(clerk, run_tasks):
    from xxgk.agencies.models import Membership

    client, agency, user = clerk
    client.post("/exports/", {"kind": "applications_ledger", "object": agency.pk})
    Membership.objects.filter(user=user).delete()
    run_tasks()
    export = Export.objects.get()
    assert export.state == "failed" and export.error == "您已无权导出该内容" and not export.file
