"""The real thing: `xxgk worker` processes on the platform's database, one killed mid-batch and a new
one started; the batch ends complete, every report once. Runs against a database of its own (a
SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.webserver import CORPUS

REPORTS = 24


class Platform:
    def __init__(self, tmp: Path) -> None:
        self.env = {**os.environ, "XXGK_VAR_DIR": str(tmp), "XXGK_DB_CONN_MAX_AGE": "0"}
        self.pg = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        if self.pg:
            import psycopg

            self.dbname = f"xxgk_worker_{uuid.uuid4().hex[:8]}"
            base = settings.DATABASES["default"]
            self.admin = f"postgresql://{base['USER']}@{base['HOST'] or '127.0.0.1'}:{base['PORT'] or 5432}"
            with psycopg.connect(f"{self.admin}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.dbname}"')
            self.env["XXGK_DATABASE_URL"] = f"{self.admin}/{self.dbname}"
        else:
            self.env["XXGK_DATABASE_URL"] = f"sqlite:///{tmp / 'xxgk.sqlite3'}"
        self.workers: list[subprocess.Popen[bytes]] = []

    def xxgk(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "xxgk.cli", *args], env=self.env, capture_output=True, timeout=120
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode()

    def query(self, sql: str) -> tuple:
        if self.pg:
            import psycopg

            with psycopg.connect(self.env["XXGK_DATABASE_URL"]) as conn:
                return conn.execute(sql).fetchone()
        import sqlite3

        conn = sqlite3.connect(self.env["XXGK_DATABASE_URL"].removeprefix("sqlite:///"), timeout=20)
        try:
            return conn.execute(sql).fetchone()
        finally:
            conn.close()

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [sys.executable, "-m", "xxgk.cli", "worker", "--quiet", "--interval", "0.2"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait(10)
        if self.pg:
            import psycopg

            with psycopg.connect(f"{self.admin}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


@pytest.fixture
def platform(tmp_path, postgresql_server):
    if not (CORPUS / "huaian-city-2024.pdf").exists():
        pytest.skip("../shared/reports is not beside this checkout")
    p = Platform(tmp_path)
    yield p
    p.close()


def _wait(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_a_killed_worker_s_batch_is_finished_by_the_next(platform):
    platform.xxgk("manage", "migrate", "--verbosity", "0")
    pdf = CORPUS / "huaian-city-2024.pdf"
    platform.xxgk(
        "manage",
        "shell",
        "-c",
        "from pathlib import Path\n"
        "from xxgk.agencies.services import add_agency\n"
        "from xxgk.review.services import create_batch\n"
        "from xxgk.rules.codes import uscc_with_check\n"
        "office = add_agency(code=uscc_with_check('11320800MB0000000'), name='淮安市政务公开办')\n"
        f"data = Path({str(pdf)!r}).read_bytes()\n"
        f"create_batch(agency=office, user=None, files=[(f'{{i:02d}}.pdf', data) for i in range({REPORTS})])\n",
    )
    done = "SELECT count(*) FROM review_reviewitem WHERE state = 'done'"
    first = platform.start_worker()
    _wait(lambda: platform.query(done)[0] >= 3, 90, "the first reports")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    stopped_at = platform.query(done)[0]
    assert stopped_at < REPORTS, "the batch finished before the worker could be killed"
    assert platform.query("SELECT state FROM review_reviewbatch")[0] == "running"

    second = platform.start_worker()
    _wait(lambda: platform.query("SELECT state FROM review_reviewbatch")[0] == "done", 120, "the batch")
    assert platform.query("SELECT count(*), count(DISTINCT source) FROM review_reviewitem") == (
        REPORTS,
        REPORTS,
    )
    assert platform.query(done)[0] == REPORTS
    assert platform.query("SELECT count(*) FROM review_reviewitem WHERE errors > 0")[0] == 0
    second.send_signal(signal.SIGTERM)  # a graceful stop: the worker ends between tasks
    assert second.wait(30) == 0, second.stderr.read().decode() if second.stderr else ""
