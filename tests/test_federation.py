"""Federation between two xxgk platforms on one machine: a peer platform (its own process, port
and SQLite database, the demo agency's data) serves /api/v1/; this platform's `xxgk sync` pulls the
agency's published items and annual reports into its portal and 汇总, then follows changes there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from xxgk.annual.demo import DEMO_CODE
from xxgk.cli import main

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PeerPlatform:
    def __init__(self, folder) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.env = {
            **os.environ,
            "XXGK_VAR_DIR": str(folder),
            "XXGK_DATABASE_URL": f"sqlite:///{folder / 'peer.sqlite3'}",
            "XXGK_LOG_LEVEL": "ERROR",
        }
        self.env.pop("XXGK_CACHE_URL", None)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "xxgk.cli", "serve", "--demo", "--no-worker", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 180  # migrations and the demo on a fresh database
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode()[-2000:])
            try:
                urllib.request.urlopen(self.url + "healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the peer platform did not start")

    def shell(self, code: str) -> None:
        """Change the peer's data as its own staff would (its own process and database)."""
        subprocess.run(
            [sys.executable, "-m", "xxgk.cli", "manage", "shell", "-c", code], env=self.env, check=True
        )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    platform = PeerPlatform(tmp_path_factory.mktemp("peer"))
    platform.start()
    yield platform
    platform.stop()


def test_sync_mirrors_items_and_reports_then_follows_changes(peer, capsys, client):
    import json

    from tests.factories import AgencyFactory
    from xxgk.agencies.models import Agency
    from xxgk.annual.models import Report, ReportState
    from xxgk.publishing.models import Item, ItemState

    office = AgencyFactory(name="某区人民政府办公室(政务公开办)")
    agency = Agency.objects.create(
        code=DEMO_CODE, name="某区发展和改革委员会", parent=office, remote_url=peer.url
    )
    published_there, cursor = [], ""
    while True:  # every page of the peer's list
        url = f"{peer.url}api/v1/agencies/{DEMO_CODE}/items?limit=100&cursor={cursor}"
        with urllib.request.urlopen(url) as response:
            page = json.load(response)
        published_there += page["items"]
        cursor = page["next"]
        if not cursor:
            break
    assert len(published_there) > 100  # more than one page

    assert main(["sync", "--agency", DEMO_CODE]) == 0
    assert f"新增{len(published_there)}条" in capsys.readouterr().out
    mirrored = Item.objects.filter(agency=agency, state=ItemState.PUBLISHED)
    assert sorted(mirrored.values_list("index_no", flat=True)) == sorted(
        i["index_no"] for i in published_there
    )
    one = mirrored.get(index_no=published_there[0]["index_no"])
    assert one.source_url == published_there[0]["url"] and one.body
    page = client.get(f"/gk/{DEMO_CODE}/items/{one.url_number}/").content.decode()
    assert one.title in page  # on this platform's portal
    report = Report.objects.get(agency=agency)
    assert report.state == ReportState.PUBLISHED and report.source_url.startswith(peer.url)
    assert client.get(f"/gk/{DEMO_CODE}/reports/{report.year}/").status_code == 200
    # … and in the superior office's 汇总 of its subordinates.
    from xxgk.annual.summary import contributions

    summary = Report.objects.create(agency=office, year=report.year, version=report.version, scope="children")
    (part,) = contributions(summary)
    assert part.agency == agency and part.report is not None and part.included

    # Nothing changed there: nothing is fetched again.
    assert main(["sync", "--agency", DEMO_CODE]) == 0
    assert f"未变{len(published_there)}条" in capsys.readouterr().out

    # There: one item corrected, one withdrawn.
    changed, gone = published_there[0]["index_no"], published_there[1]["index_no"]
    peer.shell(
        "from xxgk.publishing.models import Item;"
        f"i = Item.objects.get(index_no='{changed}'); i.title = i.title + '(更正)'; i.save();"
        f"Item.objects.filter(index_no='{gone}').update(state='withdrawn', withdrawn_reason='已过时')"
    )
    assert main(["sync", "--agency", DEMO_CODE]) == 0
    out = capsys.readouterr().out
    assert "更新1条" in out and "撤回1条" in out
    assert Item.objects.get(index_no=changed).title.endswith("(更正)")
    assert Item.objects.get(index_no=gone).state == ItemState.WITHDRAWN
    assert "(<mark>更正</mark>)" in client.get(f"/gk/{DEMO_CODE}/items/", {"q": "更正"}).content.decode()


def test_a_peer_cannot_speak_for_another_agency_or_overwrite_local_work(peer, capsys):
    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Agency, Role
    from xxgk.agencies.services import grant_role
    from xxgk.federation import Peer, SyncError, sync_agency

    # Our own agency with an item of the same 索引号 as one there: ours stays.
    agency = Agency.objects.create(code=DEMO_CODE, name="某区发展和改革委员会", remote_url=peer.url)
    clerk = UserFactory()
    grant_role(clerk, agency, Role.CLERK)
    listed = Peer(peer.url).get(f"api/v1/agencies/{DEMO_CODE}/items?limit=1")["items"]
    from xxgk.publishing.models import Category, CategoryKind, Item

    genre = Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name="本地体裁")
    Item.objects.create(
        agency=agency, index_no=listed[0]["index_no"], title="本平台自己的信息", publisher="x",
        formed="2026-01-01", genre=genre,
    )  # fmt: skip
    result = sync_agency(agency)
    assert any("未覆盖" in p for p in result.problems)
    assert Item.objects.get(index_no=listed[0]["index_no"]).title == "本平台自己的信息"
    # A platform that does not answer says so, and the run reports it.
    other = AgencyFactory(remote_url="http://127.0.0.1:9/")
    with pytest.raises(SyncError, match="失败"):
        sync_agency(other)
    assert main(["sync"]) == 1  # one agency failed: the exit status says so


def test_a_peer_answering_nonsense_is_refused_with_a_reason():
    from xxgk.agencies.models import Agency
    from xxgk.federation import Budget, SyncError, sync_agency

    class Nonsense:
        budget = Budget()

        def __init__(self, answers):
            self.answers = answers

        def get(self, path):
            return self.answers.pop(0)

    agency = Agency.objects.create(
        code=DEMO_CODE, name="某区发展和改革委员会", remote_url="http://peer.invalid/"
    )
    with pytest.raises(SyncError, match="信息列表格式不对"):
        sync_agency(agency, Nonsense([["not", "a", "page"]]))
    foreign = {
        "index_no": "000000000/2026-00001",
        "formed": "2026-01-01",
        "title": "x",
        "body": "x",
        "updated": "",
    }
    result = sync_agency(agency, Nonsense([{"items": [foreign], "next": None}, []]))
    assert result.created == 0 and "不属于本机构" in result.problems[0]  # a peer speaks for this agency only
    # A record the model refuses, a time without a zone, a narrative that is not a mapping: said, not a crash.
    unsigned = {**foreign, "index_no": f"{DEMO_CODE}/2026-00009"}  # no 发布机构
    refused = sync_agency(agency, Nonsense([{"items": [unsigned], "next": None}, []]))
    assert refused.created == 0 and refused.problems == [f"{DEMO_CODE}/2026-00009:发布机构:此字段不能为空。"]
    mine = {**unsigned, "index_no": f"{DEMO_CODE}/2026-00001", "publisher": "某区发展和改革委员会",
            "genre": "工作动态", "updated": "2026-01-01T00:00"}  # fmt: skip
    from xxgk.rules.formats import ReportVersion
    from xxgk.rules.report import AnnualReport

    tables = AnnualReport.blank(
        ReportVersion.V2021, fill=0, year=2025, agency="某区发展和改革委员会"
    ).as_json()
    bad_report = {"report": tables, "sections": ["一"], "url": ""}
    first = sync_agency(agency, Nonsense([{"items": [mine], "next": None}, [{"year": 2025}], bad_report]))
    assert first.created == 1 and first.reports == 0 and first.problems[0].startswith("2025年年报:")
    again = sync_agency(agency, Nonsense([{"items": [mine], "next": None}, []]))
    assert again.unchanged == 1  # fetched again, found the same
