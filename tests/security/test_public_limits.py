"""Issue: rate limits keyed on REMOTE_ADDR in a per-process cache (behind the README's reverse
proxy every citizen shared one quota), rejected submissions counted against a citizen's 5 an hour,
and the 验证问题's answer was readable from its own signed token and reusable for an hour."""

import re

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from tests.applications.test_views import PERSON
from xxgk.applications.models import Application
from xxgk.clients import client_address

pytestmark = pytest.mark.django_db


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(XXGK_TRUSTED_PROXIES="10.0.0.0/8, 127.0.0.1")
def test_the_client_is_found_behind_trusted_proxies_only():
    assert client_address(request_from("10.1.2.3", "203.0.113.9")) == "203.0.113.9"
    # A client cannot choose its address by writing the header: only what our proxies appended counts.
    assert client_address(request_from("10.1.2.3", "198.51.100.7, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from("10.1.2.3", "203.0.113.9, 10.9.9.9")) == "203.0.113.9"
    assert client_address(request_from("192.0.2.50", "203.0.113.9")) == "192.0.2.50"  # not a proxy of ours
    assert client_address(request_from("10.1.2.3", "not-an-ip")) == "10.1.2.3"


def test_the_shared_cache_is_not_per_process():
    assert "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def page_question(page):
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    a, b = map(int, re.search(r"验证问题:(\d) 加 (\d)", page).groups())
    return token, str(a + b)


@override_settings(XXGK_TRUSTED_PROXIES="127.0.0.1")
def test_citizens_behind_the_proxy_have_their_own_quota_and_mistakes_do_not_count(client, office):
    agency, _ = office

    def submit(citizen, **overrides):
        page = client.get("/apply/").content.decode()
        token, answer = page_question(page)
        data = {**PERSON, "agency": agency.pk, "challenge_token": token, "challenge": answer, "website": ""}
        data.update(overrides)
        return client.post("/apply/", data, HTTP_X_FORWARDED_FOR=citizen)

    for _ in range(6):  # a citizen who mistypes six times is not locked out …
        assert submit("203.0.113.1", challenge="99").status_code == 200
    for _ in range(5):
        assert "申请已提交" in submit("203.0.113.1").content.decode()
    assert submit("203.0.113.1").status_code == 429  # … five accepted ones are the hour's quota
    assert "申请已提交" in submit("203.0.113.2").content.decode()  # another citizen, same proxy
    assert Application.objects.count() == 6


def test_the_answer_stays_on_the_server_and_is_used_once(client, office):
    agency, _ = office
    page = client.get("/apply/").content.decode()
    token, answer = page_question(page)
    # A random id, nothing to decode (a signed value carries its payload before a ":" signature).
    assert ":" not in token and len(token) >= 16
    from django.core import signing

    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="apply-challenge")
    data = {**PERSON, "agency": agency.pk, "challenge_token": token, "challenge": answer, "website": ""}
    assert "申请已提交" in client.post("/apply/", data).content.decode()
    again = client.post("/apply/", data).content.decode()
    assert "验证问题已失效" in again
    assert Application.objects.count() == 1
