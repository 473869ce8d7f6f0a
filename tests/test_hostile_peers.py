"""A federated platform that misbehaves (issue 20): it pages forever, repeats its cursor, answers
empty pages, sends huge pages, control characters, absurd dates and 索引号, thousands of new
categories. `xxgk sync` spends a bounded budget on it, writes page by page, stores nothing unclean and
reports each problem; one agency's peer failing leaves the others' sync alone."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import AgencyFactory
from xxgk.federation import Budget, Peer, sync_agency, sync_all
from xxgk.publishing.models import Category, Item

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


def item(n: int, **over) -> dict:
    return {
        "index_no": f"{CODE}/2026-{n:05d}", "title": f"信息{n}", "publisher": "某区发展和改革委员会",
        "formed": "2026-11-02", "published": "2026-11-03", "genre": "工作动态", "theme": "",
        "body": "正文", "updated": "2026-11-03T08:00:00+08:00", "validity": "", "doc_number": "", **over,
    }  # fmt: skip


class HostilePeer:
    """Answers /api/v1/agencies/CODE/items?cursor=… with `pages(cursor)` and reports with `reports`."""

    def __init__(self, pages, reports=None, report_details=None) -> None:
        self.requests = 0
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                peer.requests += 1
                url = urlsplit(self.path)
                if url.path.endswith("/items"):
                    cursor = parse_qs(url.query).get("cursor", [""])[0]
                    body = pages(cursor)
                elif url.path.endswith("/reports"):
                    body = reports or []
                else:
                    body = (report_details or {}).get(url.path.rsplit("/", 1)[-1], {})
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile():
    made = []

    def make(pages, **kw):
        peer = HostilePeer(pages, **kw)
        made.append(peer)
        agency = AgencyFactory(code=CODE, name="某区发展和改革委员会", remote_url=peer.url)
        return peer, agency

    yield make
    for peer in made:
        peer.close()


def test_empty_pages_with_a_new_cursor_forever_stop_at_once(hostile):
    peer, agency = hostile(lambda cursor: {"items": [], "next": f"c{int(cursor[1:] or 0) + 1}"})
    result = sync_agency(agency)
    assert peer.requests == 2  # one page of items, then the reports list
    assert "返回空页却仍给出下一页" in result.problems[0] and result.withdrawn == 0


def test_a_repeated_cursor_ends_the_list_and_withdraws_nothing(hostile):
    Item.objects.all().delete()
    peer, agency = hostile(lambda cursor: {"items": [item(1)], "next": "same"})
    result = sync_agency(agency)
    assert result.created == 1 and "重复返回同一页" in result.problems[-1]
    assert peer.requests <= 4


def test_a_peer_paging_forever_is_stopped_by_the_page_and_time_budget(hostile):
    counter = iter(range(1, 10_000))
    _peer, agency = hostile(
        lambda cursor: {"items": [item(next(counter))], "next": f"c{time.monotonic_ns()}"}
    )
    result = sync_agency(agency, Peer(agency.remote_url, Budget(pages=5)))
    assert result.created == 5 and "超出本次同步的页数或时间限额" in result.problems[0]
    timed = sync_agency(agency, Peer(agency.remote_url, Budget(seconds=0.0)))
    assert timed.created == 0 and "超出本次同步的页数或时间限额" in timed.problems[0]


def test_a_huge_page_is_refused_by_size(hostile):
    huge = json.dumps({"items": [item(1, body="字" * 400_000)], "next": None}).encode()
    _peer, agency = hostile(lambda cursor: huge)
    with pytest.raises(Exception, match=r"过大|超过|大小"):
        sync_agency(agency, Peer(agency.remote_url, Budget(page_bytes=200_000)))
    assert not Item.objects.exists()


def test_hostile_text_dates_and_index_numbers_are_refused_or_cleaned_record_by_record(hostile, client):
    records = [
        item(1, title="标题\x00含\x1b控制\u202e字符"),
        item(2, published="9999-12-31"),
        item(3, index_no=f"{CODE}/../../etc/passwd"),
        item(4, formed="1900-01-01"),
        item(5),
    ]
    _peer, agency = hostile(lambda cursor: {"items": records, "next": None})
    result = sync_agency(agency)
    assert result.created == 2
    assert Item.objects.get(index_no=f"{CODE}/2026-00001").title == "标题含控制字符"
    said = ";".join(result.problems)
    assert "2026-00002:发布日期:日期9999-12-31晚于一年以后" in said and "格式不对" in said
    assert "2026-00004:成文日期:日期1900-01-01早于1949年" in said
    feed = client.get(f"/gk/{CODE}/feed/")
    assert feed.status_code == 200 and b"\x1b" not in feed.content


def test_a_stored_control_character_does_not_break_the_feed(client):
    agency = AgencyFactory(code=CODE)
    genre = Category.objects.create(agency=agency, kind="genre", name="工作动态")
    Item.objects.create(agency=agency, index_no=f"{CODE}/2026-00001", title="旧\x0b标题", publisher="某",
                        formed="2026-11-02", published="2026-11-03", genre=genre, state="published")  # fmt: skip
    feed = client.get(f"/gk/{CODE}/feed/")
    assert feed.status_code == 200 and "旧标题" in feed.content.decode()


def test_new_categories_are_limited_per_run(hostile):
    records = [item(n, genre=f"体裁{n}") for n in range(1, 40)]
    _peer, agency = hostile(lambda cursor: {"items": records, "next": None})
    result = sync_agency(agency, Peer(agency.remote_url, Budget(new_categories=5)))
    assert result.created == 5 and Category.objects.filter(agency=agency).count() == 5
    assert sum("新增的分类已达5个" in p for p in result.problems) == 34


def test_an_absurd_report_time_is_one_problem_and_the_rest_goes_on(hostile):
    from xxgk.rules.formats import ReportVersion
    from xxgk.rules.report import AnnualReport

    def detail(year, when):
        tables = AnnualReport.blank(ReportVersion.V2021, fill=0, year=year, agency="某区发展和改革委员会")
        return {"report": tables.as_json(), "sections": {"一": "概况"}, "published_at": when, "url": ""}

    details = {
        "2024": detail(2024, "9999-12-31T00:00:00+08:00"),
        "2025": detail(2025, "2026-01-20T10:00:00+08:00"),
    }
    _peer, agency = hostile(
        lambda cursor: {"items": [item(1)], "next": None},
        reports=[{"year": 2024}, {"year": 2025}, {"year": 99999}],
        report_details=details,
    )
    result = sync_agency(agency)
    assert result.created == 1 and result.reports == 1
    assert any(p.startswith("2024年年报:发布时间") for p in result.problems)


def test_one_agencys_broken_peer_leaves_the_others_their_run(hostile):
    _good, agency = hostile(lambda cursor: {"items": [item(1)], "next": None})
    AgencyFactory(remote_url="http://127.0.0.1:9/")  # nothing listens there
    results = sync_all()
    assert len(results) == 2
    mine = next(r for r in results if r.agency == agency.name)
    assert mine.created == 1
