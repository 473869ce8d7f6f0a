"""Several processes, as a city or province deploys xxgk: two app processes and a task worker
against one PostgreSQL database and one Redis (XXGK_CACHE_URL), uploads on a shared directory
(XXGK_STORAGE_URL). A login on one process is a login on the other; failed status lookups count
against one limit whichever process answers; a 年报核查 batch uploaded to one process is done by the
worker and its progress read from the other."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[2] / "shared" / "reports" / "shanghai-govoffice-2019.html"
PG = os.environ.get("XXGK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

pytestmark = [
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed (./dev installs it)"
    ),
    pytest.mark.once,  # the processes use their own PostgreSQL database whichever the suite runs on
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


CLI = [sys.executable, "-m", "xxgk.cli"]


def pg_admin():
    """An autocommit connection to the machine's PostgreSQL server: CI must have one; elsewhere the
    test is skipped without it."""
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(PG, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            pytest.fail("CI must reach PostgreSQL on 127.0.0.1:5432")
        pytest.skip("PostgreSQL is not running")


def prepare_database(env: dict[str, str]) -> list[str]:
    """Migrate the deployment's database and give it an office with a reviewer (shenhe); the
    command line to run xxgk with."""
    subprocess.run([*CLI, "manage", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*CLI, "manage", "shell", "-c",
         "from tests.factories import AgencyFactory, UserFactory;"
         "from xxgk.agencies.models import Role; from xxgk.agencies.services import grant_role;"
         "office = AgencyFactory(name='某市政务公开办');"
         "u = UserFactory(username='shenhe'); u.set_password('测试密码-123'); u.save();"
         "grant_role(u, office, Role.REVIEWER)"],
        env=env, check=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    return CLI


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgresql_server):
    admin = pg_admin()
    folder = tmp_path_factory.mktemp("deployment")
    name = f"xxgk_mp_{os.getpid()}"
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    env = {
        **os.environ,
        "XXGK_DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{name}",
        "XXGK_CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "XXGK_STORAGE_URL": f"file://{folder / 'shared-media'}",
        "XXGK_VAR_DIR": str(folder / "var"),
        "XXGK_SECRET_KEY": "test-deployment-secret-key-shared-by-every-process",
        "XXGK_LOG_LEVEL": "ERROR",
        "XXGK_DB_CONN_MAX_AGE": "0",
    }
    cli = prepare_database(env)
    processes, apps = [], []
    try:
        for _ in range(2):
            port = free_port()
            app = subprocess.Popen(
                [*cli, "serve", "--no-worker", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            processes.append(app)
            apps.append(f"http://127.0.0.1:{port}")
            wait_for(f"{apps[-1]}/healthz", app)
        worker = subprocess.Popen(
            [*cli, "worker", "--quiet", "--interval", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(worker)
        yield apps, folder, env
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        redis.terminate()
        redis.wait(10)
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


class Browser:
    """One visitor's cookies, sent to whichever process it asks."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def post(
        self, url: str, fields: dict[str, str], files: dict[str, Path] | None = None
    ) -> tuple[int, str, str]:
        import urllib3

        body, content_type = urllib3.encode_multipart_formdata(
            {**fields, "csrfmiddlewaretoken": self.csrf()}
            | {k: (p.name, p.read_bytes()) for k, p in (files or {}).items()}
        )
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": content_type, "Referer": url}
        )
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        try:
            with opener.open(request, timeout=60) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", ""), e.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer to look at, not follow
        return None


def test_sessions_rate_limits_and_task_progress_are_shared(deployment):
    (a, b), folder, _env = deployment
    # A login on process A is a login on process B (the session is in Redis and the database).
    reviewer = Browser()
    reviewer.get(f"{a}/account/login/")
    status, location, _ = reviewer.post(
        f"{a}/account/login/", {"username": "shenhe", "password": "测试密码-123", "next": "/review/"}
    )
    assert status == 302 and location == "/review/", status
    status, page = reviewer.get(f"{b}/review/")
    assert status == 200 and "退出" in page and "shenhe" in page

    # Failed status lookups count against one limit (30 an hour), whichever process answers.
    visitor = Browser()
    visitor.get(f"{a}/apply/status/")
    answers = []
    for n in range(31):
        server = (a, b)[n % 2]
        status, _, _ = visitor.post(
            f"{server}/apply/status/", {"tracking_number": f"YSQ{n:08d}", "query_code": "000000"}
        )
        answers.append(status)
    assert answers[:30] == [200] * 30 and answers[30] == 429

    # A batch uploaded to A: the worker checks it, B shows its progress; the file is on the shared disk.
    if not REPORT.exists():
        pytest.skip("../shared/reports is not beside this checkout")
    _, page = reviewer.get(f"{a}/review/")
    agency = re.search(r'<option value="(\d+)"[^>]*>某市政务公开办', page).group(1)
    status, location, _ = reviewer.post(
        f"{a}/review/", {"agency": agency, "title": "两个进程"}, {"files": REPORT}
    )
    assert status == 302 and re.fullmatch(r"/review/\d+/", location), (status, location)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        _, body = reviewer.get(f"{b}{location}progress.json")
        progress = json.loads(body)
        if progress.get("state") == "done":
            break
        time.sleep(0.5)
    assert progress["state"] == "done" and progress["done"] == progress["total"] == 1, progress
    # The upload went to the shared directory, where the worker (another process) read it; once its
    # reports are items the upload itself is deleted, as on one machine.
    batch = location.strip("/").rsplit("/", 1)[-1]
    assert (folder / "shared-media" / "review" / batch).is_dir()
    assert not (folder / "var" / "media").exists()
    published_files_and_cached_pages_across_processes_and_a_restart(deployment)


SHELL_PUBLISH = """
from datetime import date
from django.contrib.auth import get_user_model
from tests.factories import AgencyFactory
from xxgk.agencies.models import Agency, Role
from xxgk.agencies.services import grant_role
from xxgk.annual import services as annual
from xxgk.publishing.models import Category, CategoryKind
from xxgk.publishing import services as items
agency = Agency.objects.filter(name='某区发改委').first()
if agency is None:
    agency = AgencyFactory(name='某区发改委', code='000090001')
    clerk = get_user_model().objects.create_user('fg-clerk')
    head = get_user_model().objects.create_user('fg-head')
    grant_role(clerk, agency, Role.CLERK); grant_role(head, agency, Role.HEAD)
    report = annual.get_or_start(agency, 2025)
    annual.save_draft(report, clerk, {}, {'一': '概况。', '五': '无。', '六': '{收费情况}。'})
    annual.freeze(annual.publish(report, head, acknowledge=True))
    Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name='工作动态')
clerk = get_user_model().objects.get(username='fg-clerk')
head = get_user_model().objects.get(username='fg-head')
title = TITLE
if title:
    genre = Category.objects.get(agency=agency, kind=CategoryKind.GENRE)
    item = items.create_item(agency, clerk, {'title': title, 'publisher': agency.name,
                             'formed': date(2026, 11, 2), 'genre': genre, 'body': '正文。'})
    items.confirm_secrecy(item, head); items.submit(item, clerk); items.approve(item, head)
    items.publish(item, clerk, date(2026, 11, 3))
print(agency.code)
"""


def _shell(env: dict[str, str], title: str = "") -> str:
    done = subprocess.run(
        [*CLI, "manage", "shell", "-c", SHELL_PUBLISH.replace("TITLE", repr(title))],
        env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def published_files_and_cached_pages_across_processes_and_a_restart(deployment):
    """Issue 24: a published report's file is the same bytes from every process and from a process
    started afresh; a portal page one process cached in Redis is replaced for the other the moment
    another process publishes. Part of the test above: the deployment is set up once."""
    (a, b), _folder, env = deployment
    code = _shell(env)
    pdf = f"/gk/{code}/reports/2025.pdf"
    first = urllib.request.urlopen(a + pdf, timeout=30).read()
    assert first[:5] == b"%PDF-" and urllib.request.urlopen(b + pdf, timeout=30).read() == first
    port = free_port()
    fresh = subprocess.Popen(
        [*CLI, "serve", "--no-worker", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", fresh)
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}{pdf}", timeout=30).read() == first
    finally:
        fresh.terminate()
        fresh.wait(30)

    listing = f"/gk/{code}/items/"
    with urllib.request.urlopen(a + listing, timeout=30) as r:
        etag = r.headers["ETag"]
    ask = urllib.request.Request(b + listing, headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(ask, timeout=30)
        raise AssertionError("expected 304 from the other process")
    except urllib.error.HTTPError as e:
        assert e.code == 304  # the page is the same everywhere: one version, in Redis
    _shell(env, "跨进程发布的公告")
    with urllib.request.urlopen(urllib.request.Request(b + listing, headers={"If-None-Match": etag})) as r:
        assert r.status == 200 and "跨进程发布的公告" in r.read().decode()


def test_processes_started_at_once_on_an_empty_database_migrate_it_one_after_the_other(postgresql_server):
    """Two web processes and a worker start together on a new release: each runs the migrations it
    finds missing. Without a lock the second failed with "relation … already exists"."""
    admin = pg_admin()
    name = f"xxgk_migrate_{os.getpid()}"
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "XXGK_DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{name}", "XXGK_LOG_LEVEL": "ERROR"}
    try:
        started = [
            subprocess.Popen(
                [sys.executable, "-c", "from xxgk.cli import setup_django; setup_django()"],
                env=env,
                stderr=subprocess.PIPE,
            )
            for _ in range(3)
        ]
        for process in started:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err.decode()[-2000:]
        import psycopg  # pg_admin skipped the test without it

        with psycopg.connect(env["XXGK_DATABASE_URL"]) as db:
            assert db.execute("SELECT count(*) FROM review_findingdecision").fetchone() == (0,)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
