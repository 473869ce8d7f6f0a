"""Issue (low): anonymous 500s from /gk/<code>/items/?year=0000 and a 30-digit theme id; a report for
year 9999 could be started and its editor was a permanent 500; no Content-Security-Policy."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import AgencyFactory
from xxgk.annual.services import get_or_start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "year=0000",
        "year=9999",
        "year=²⁰²⁶",
        "theme=" + "9" * 30,
        "genre=" + "1" * 19,
        "theme=-1",
        "q=" + "扶" * 500,
    ],
)
def test_hostile_portal_filters_answer_200_never_500(client, query):
    agency = AgencyFactory()
    assert client.get(f"/gk/{agency.code}/items/?{query}").status_code == 200


def test_a_report_for_a_year_not_begun_cannot_be_started():
    with pytest.raises(ValidationError, match="尚未开始"):
        get_or_start(AgencyFactory(), 9999)


def test_pages_carry_a_content_security_policy(client):
    agency = AgencyFactory()
    policy = client.get(f"/gk/{agency.code}/")["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    )
