"""/api/v1/: every operation the schema lists is called here, and every response is checked against
/api/v1/openapi.json (its status, then its body against the operation's JSON Schema)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.api.models import ApiCall, ApiToken, Scope
from xxgk.publishing import services
from xxgk.publishing.models import Category, CategoryKind

CALLED: set[tuple[str, str]] = set()
# Every operation is checked to be exercised by the tests of this module (./dev test: --dist loadfile).
pytestmark = pytest.mark.django_db


class Contract:
    """A test client that checks each response against the published schema."""

    def __init__(self, client):
        self.client = client
        self.spec = client.get("/api/v1/openapi.json").json()

    def _template(self, method: str, path: str) -> str:
        bare = path.split("?")[0].removeprefix("/api/v1")
        for template, operations in self.spec["paths"].items():
            pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template.removeprefix("/api/v1")) + "$"
            if method in operations and re.match(pattern, bare):
                return template
        raise AssertionError(f"{method.upper()} {bare} is not in the schema")

    def call(self, method: str, path: str, token: str = "", **kwargs):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = getattr(self.client, method)(path, headers=headers, **kwargs)
        template = self._template(method, path)
        CALLED.add((method, template))
        responses = self.spec["paths"][template][method]["responses"]
        assert str(response.status_code) in responses, (
            f"{method.upper()} {path}: status {response.status_code} is not in the schema"
        )
        if response.status_code == 304:  # Not Modified: no body, as declared
            assert not response.content and "content" not in responses["304"]
            return response
        declared = responses[str(response.status_code)]["content"]["application/json"]["schema"]
        Draft202012Validator({**declared, "components": self.spec["components"]}).validate(response.json())
        if response.status_code >= 400:  # errors say what is wrong, in Chinese
            assert re.search("[\u4e00-\u9fff]", response.json()["detail"]), response.json()
        return response

    def get(self, path: str, **kw):
        return self.call("get", path, **kw)

    def post(self, path: str, data: dict, **kw):
        return self.call("post", path, data=data, content_type="application/json", **kw)


@pytest.fixture
def api(client):
    return Contract(client)


@pytest.fixture
def agency():
    agency = AgencyFactory(name="某区发展和改革委员会", phone="010-68001234")
    clerk, reviewer = UserFactory(username="api-clerk"), UserFactory(username="api-reviewer")
    grant_role(clerk, agency, Role.CLERK)
    grant_role(reviewer, agency, Role.REVIEWER)
    genre = Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name="工作动态", limit_days=3)
    theme = Category.objects.create(agency=agency, kind=CategoryKind.THEME, name="扶贫开发")
    for n in range(5):
        fields = {"title": f"扶贫项目公示第{n + 1}批", "publisher": agency.name, "formed": date(2026, 11, 2)}
        item = services.create_item(agency, clerk, {**fields, "genre": genre, "theme": theme, "body": "正文"})
        services.confirm_secrecy(item, reviewer)
        services.submit(item, clerk)
        services.approve(item, reviewer)
        services.publish(item, clerk, date(2026, 11, 3 + n % 2))
    return agency


# An application received by another channel, registered through the API.
RECEIVED_ELSEWHERE = {
    "channel": "other", "received": "2026-11-30", "applicant_kind": "natural", "applicant_name": "李四",
    "id_number": "110101199003076579", "phone": "13800138000", "sought": "某项目批复",
    "delivery_form": "electronic", "delivery_method": "email", "email": "lisi@example.com",
}  # fmt: skip


def token_for(agency, *scopes, per_minute=60):
    user = agency.memberships.get(role=Role.CLERK).user
    token = ApiToken(
        agency=agency, name="市政务服务平台", user=user, scopes=list(scopes), per_minute=per_minute
    )
    key = token.new_key()
    token.save()
    return token, key


def test_public_data_pages_by_cursor_and_searches_in_chinese(api, agency):
    listed = api.get("/api/v1/agencies").json()
    assert [a["code"] for a in listed] == [agency.code] and listed[0]["portal"].endswith(
        f"/gk/{agency.code}/"
    )
    catalogue = api.get(f"/api/v1/agencies/{agency.code}/catalogue").json()
    assert {(c["kind"], c["name"], c["published"]) for c in catalogue} == {
        ("genre", "工作动态", 5),
        ("theme", "扶贫开发", 5),
    }
    seen, cursor = [], ""
    while True:
        page = api.get(f"/api/v1/agencies/{agency.code}/items?limit=2&cursor={cursor}").json()
        seen += [i["index_no"] for i in page["items"]]
        if not page["next"]:
            break
        cursor = page["next"]
    assert len(seen) == len(set(seen)) == 5  # every item once, in the portal's order
    found = api.get(f"/api/v1/agencies/{agency.code}/items?q=3批").json()
    assert [i["title"] for i in found["items"]] == ["扶贫项目公示第3批"]
    number = seen[0].split("/", 1)[1]
    one = api.get(f"/api/v1/agencies/{agency.code}/items/{number}").json()
    assert one["index_no"] == seen[0] and one["body"] == "正文" and one["state"] == "published"
    assert api.get(f"/api/v1/agencies/{agency.code}/items?cursor=garbage").status_code == 422
    assert api.get(f"/api/v1/agencies/{agency.code}/items/2026-99999").status_code == 404
    assert api.get("/api/v1/agencies/NOPE/catalogue").json() == {"detail": "没有找到"}


def test_published_reports_as_report_model_json(api, published_report):
    code = published_report.agency.code
    listed = api.get(f"/api/v1/agencies/{code}/reports").json()
    assert len(listed) == 1
    year = listed[0]["year"]
    assert set(listed[0]["files"]) == {"docx", "pdf", "json"}
    one = api.get(f"/api/v1/agencies/{code}/reports/{year}").json()
    assert one["report"]["year"] == year and one["report"]["agency"] == "某区发展和改革委员会"
    assert one["sections"]["五"] == "无突出问题。"  # the narrative, as published
    assert api.get(f"/api/v1/agencies/{code}/reports/1999").status_code == 404


def test_an_agency_submits_an_item_with_its_token_and_every_call_is_recorded(api, agency):
    token, key = token_for(agency, Scope.ITEMS_SUBMIT)
    item = {
        "title": "关于召开调度会的通知",
        "formed": "2026-11-20",
        "genre": "工作动态",
        "body": "联系人张三,电话13800138000。",
    }
    created = api.post("/api/v1/items", item, token=key)
    assert created.status_code == 201 and created.json()["privacy_findings"] == 1  # the same check as the web
    from xxgk.publishing.models import Item

    saved = Item.objects.get(pk=created.json()["id"])
    assert saved.submitted_at is not None and saved.agency == agency and saved.publisher == agency.name
    assert api.post("/api/v1/items", {**item, "genre": "他机关的体裁"}, token=key).status_code == 422
    assert api.post("/api/v1/items", {**item, "formed": "2026-13-01"}, token=key).status_code == 422
    assert api.post("/api/v1/items", item, token="xxgk_wrong").status_code == 401
    assert api.post("/api/v1/applications", {}, token=key).status_code == 403  # not in its scopes
    token.revoked_at = timezone.now()
    token.save()
    assert api.post("/api/v1/items", item, token=key).status_code == 401
    trail = list(ApiCall.objects.order_by("pk").values_list("status", flat=True))
    assert trail == [201, 422, 401, 403, 401]  # the bad date never reached the view
    assert ApiToken.objects.get(pk=token.pk).key_hash != key and key not in str(ApiToken.objects.values())


def test_an_application_received_elsewhere_is_registered_and_followed(api, agency):
    _, key = token_for(agency, Scope.APPLICATIONS_REGISTER, Scope.APPLICATIONS_READ)
    fields = dict(RECEIVED_ELSEWHERE)
    filed = api.post("/api/v1/applications", fields, token=key).json()
    assert re.fullmatch(r"\d{6}", filed["query_code"]) and filed["state"] == "received"
    status = api.get(f"/api/v1/applications/{filed['tracking_number']}", token=key).json()
    assert status["number"] == filed["number"] and status["due"] and "答复截止" in status["deadline"]
    assert status["due_provisional"] is False
    # Received on 12-04, its period reaches 2027, whose holiday notice is not loaded: provisional.
    later = api.post("/api/v1/applications", {**fields, "received": "2026-12-04"}, token=key).json()
    status = api.get(f"/api/v1/applications/{later['tracking_number']}", token=key).json()
    assert (status["due"], status["due_provisional"]) == ("2027-01-04", True) and "(暂定)" in status[
        "deadline"
    ]
    bad = api.post("/api/v1/applications", {**fields, "id_number": "110101199003076573"}, token=key)
    assert bad.status_code == 422 and "校验码" in bad.json()["detail"]
    other = AgencyFactory()
    grant_role(UserFactory(username="other-clerk"), other, Role.CLERK)
    _, other_key = token_for(other, Scope.APPLICATIONS_READ)
    assert api.get(f"/api/v1/applications/{filed['number']}", token=other_key).status_code == 404


def test_a_token_over_its_rate_is_refused(api, agency):
    from django.core.cache import cache

    cache.clear()
    _, key = token_for(agency, Scope.APPLICATIONS_READ, per_minute=2)
    codes = [api.get("/api/v1/applications/none", token=key).status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_the_docs_page_and_every_operation_is_exercised(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content and b"cdn" not in docs.content.lower()
    spec = client.get("/api/v1/openapi.json").json()
    listed = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert listed <= CALLED, f"not exercised by the contract tests: {listed - CALLED}"


def test_a_token_acts_only_while_its_user_is_active_and_holds_the_role(api, agency):
    token, key = token_for(agency, Scope.APPLICATIONS_READ, Scope.APPLICATIONS_REGISTER)
    fields = dict(RECEIVED_ELSEWHERE)
    filed = api.post("/api/v1/applications", fields, token=key).json()
    user = token.user
    user.is_active = False
    user.save()
    assert api.post("/api/v1/applications", fields, token=key).status_code == 401
    assert api.get(f"/api/v1/applications/{filed['number']}", token=key).status_code == 401
    user.is_active = True
    user.save()
    user.memberships.all().delete()  # left the agency: the read scope goes too
    assert api.get(f"/api/v1/applications/{filed['number']}", token=key).status_code == 403
    assert ApiCall.objects.filter(detail="令牌所属用户已停用").count() == 2
    assert ApiCall.objects.filter(detail="令牌所属用户在该机关已无相应角色").exists()


def test_guessing_keys_is_throttled_per_address_and_logged_once_per_burst(api, agency):
    ApiCall.objects.all().delete()
    codes = [api.get("/api/v1/applications/x", token=f"xxgk_guess{n}").status_code for n in range(60)]
    assert codes[:19] == [401] * 19 and set(codes[20:]) == {429}
    assert ApiCall.objects.count() == 20  # 19 failures, then one row saying the address is throttled
    assert "此后的调用暂被拒绝" in ApiCall.objects.order_by("-pk").first().detail


def test_api_lists_and_feeds_answer_304_while_nothing_changed(api, agency, client):
    url = f"/api/v1/agencies/{agency.code}/items?limit=2"
    first = api.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    feed = client.get(f"/gk/{agency.code}/feed/")
    assert feed.status_code == 200 and feed.has_header("ETag")
    assert client.get(f"/gk/{agency.code}/feed/", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304
