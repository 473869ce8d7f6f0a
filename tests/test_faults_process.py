"""Faults under a running platform (issue 20), as an operator meets them: `xxgk serve` with its two
supervised workers on PostgreSQL and Redis. PostgreSQL is restarted for real under the workers and
年报核查 batches still finish; Redis is stopped and every page still answers (the cache goes on in the
database, /healthz says degraded), then comes back; a worker killed with SIGKILL is started again
and /healthz is healthy again."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_processes import PG, REPORT, Browser, free_port, pg_admin, prepare_database, wait_for

pytestmark = [
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
    pytest.mark.slow,
    pytest.mark.once,  # its own PostgreSQL database and Redis whichever database the suite runs on
]


def pg_restart() -> None:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions or shutil.which("pg_ctlcluster") is None:
        if os.environ.get("CI"):
            pytest.fail("CI restarts the machine's PostgreSQL with pg_ctlcluster")
        pytest.skip("PostgreSQL is not a local Debian cluster")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"],
        check=True,
        timeout=120,
    )


def start_redis(port: int) -> subprocess.Popen:
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return redis


def health(url: str) -> dict:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as r:
            return {"code": r.status, **json.loads(r.read())}
    except urllib.error.HTTPError as e:
        return {"code": e.code, **json.loads(e.read())}
    except OSError as e:
        return {"code": 0, "error": str(e)}


LOG: list[Path] = []


def until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # the platform may be between states
            last = exc
        time.sleep(0.5)
    said = LOG[0].read_text(errors="replace")[-3000:] if LOG and LOG[0].exists() else ""
    raise AssertionError(f"{what}: {last}\n{said}")


def children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append((int(entry.name), cmdline))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


def test_postgresql_restarted_redis_stopped_and_a_worker_killed_under_a_running_platform(
    tmp_path, postgresql_server
):
    admin = pg_admin()
    import psycopg  # pg_admin skipped the test without it

    if not REPORT.exists():
        pytest.skip("../shared/reports is not beside this checkout")
    name = f"xxgk_faults_{os.getpid()}"
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    admin.close()
    redis_port, port = free_port(), free_port()
    redis = start_redis(redis_port)
    env = {
        **os.environ,
        "XXGK_DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{name}",
        "XXGK_CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "XXGK_CACHE_RETRY_SECONDS": "1",
        "XXGK_VAR_DIR": str(tmp_path / "var"),
        "XXGK_SECRET_KEY": "test-faults-secret-key",
        "XXGK_LOG_LEVEL": "ERROR",
        "XXGK_DB_CONN_MAX_AGE": "0",
    }
    cli = prepare_database(env)
    log = tmp_path / "serve.log"  # what the platform said, shown when a step fails
    LOG[:] = [log]
    serve = subprocess.Popen([*cli, "serve", "--port", str(port)], env={**env, "XXGK_LOG_LEVEL": "WARNING"},
                             stdout=subprocess.DEVNULL, stderr=log.open("wb"))  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    serve.stderr = log.open("rb")  # wait_for reads it when the process dies
    try:
        wait_for(f"{url}/healthz", serve)
        until(lambda: health(url).get("worker") == "ok", 60, "the workers beat")

        reviewer = Browser()
        reviewer.get(f"{url}/account/login/")
        reviewer.post(
            f"{url}/account/login/", {"username": "shenhe", "password": "测试密码-123", "next": "/review/"}
        )
        _, page = reviewer.get(f"{url}/review/")
        agency = re.search(r'<option value="(\d+)"[^>]*>某市政务公开办', page).group(1)

        def upload(title: str) -> str:
            status, location, _ = reviewer.post(
                f"{url}/review/", {"agency": agency, "title": title}, {"files": REPORT}
            )
            assert status == 302, status
            return location

        def finished(location: str) -> bool:
            _, body = reviewer.get(f"{url}{location}progress.json")
            progress = json.loads(body)
            return progress.get("state") == "done" and progress["done"] == progress["total"] == 1

        # PostgreSQL restarted under the workers (and the web process): batches still finish.
        during = upload("重启时")
        pg_restart()
        until(lambda: finished(during), 180, "the batch uploaded before the restart finishes")
        after = until(lambda: upload("重启后"), 60, "the platform takes uploads again")
        until(lambda: finished(after), 120, "a batch uploaded after the restart finishes")
        until(lambda: health(url).get("status") == "ok", 60, "healthy after the restart")

        # Redis stopped: pages, sessions and rate limits go on in the database; /healthz says so.
        redis.terminate()
        redis.wait(10)
        assert Browser().get(f"{url}/apply/")[0] == 200
        assert reviewer.get(f"{url}/review/")[0] == 200  # the session, from the database
        visitor = Browser()
        visitor.get(f"{url}/apply/status/")
        assert (
            visitor.post(f"{url}/apply/status/", {"tracking_number": "YSQ1", "query_code": "000000"})[0]
            == 200
        )
        state = health(url)
        assert state["code"] == 200 and state["status"] == "degraded" and "Redis 不可用" in state["cache"]
        redis = start_redis(redis_port)
        until(lambda: health(url).get("cache") == "ok", 30, "the cache back on Redis")

        # A worker killed: `xxgk serve` starts it again; /healthz is healthy once it beats.
        workers = [pid for pid, cmd in children(serve.pid) if "worker" in cmd]
        assert len(workers) == 2, children(serve.pid)
        os.kill(workers[0], signal.SIGKILL)
        until(lambda: len([p for p, c in children(serve.pid) if "worker" in c and p not in workers]) == 1, 60,
              "the killed worker started again")  # fmt: skip
        until(lambda: health(url).get("status") == "ok", 90, "healthy with the new worker")

        # `xxgk serve` killed outright: its workers notice they are orphans and stop themselves.
        workers = [pid for pid, cmd in children(serve.pid) if "worker" in cmd]
        serve.kill()
        serve.wait(30)
        until(lambda: not any(alive(pid) for pid in workers), 90, "the orphaned workers stop")
    finally:
        serve.terminate()
        try:
            serve.wait(60)
        except subprocess.TimeoutExpired:
            serve.kill()
        redis.terminate()
        admin = until(
            lambda: psycopg.connect(PG, autocommit=True, connect_timeout=3), 60, "PostgreSQL is back"
        )
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
