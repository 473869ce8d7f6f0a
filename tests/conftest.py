from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

# chinese-calendar lookups are cheap but not free; keep property tests predictable on CI.
settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _no_notice_after_2026(monkeypatch):
    """The suite's calendar: the State Council's arrangements up to 2026, none for 2027 on. A newer
    chinese-calendar release must not turn the tests of a year without its notice into others."""
    from xxgk.rules import workdays

    known = frozenset(y for y in workdays.package_years() if y <= 2026)
    monkeypatch.setattr(workdays, "package_years", lambda: known)


@pytest.fixture
def calendar():
    from xxgk.rules.workdays import WorkingDayCalendar

    return WorkingDayCalendar()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes query codes and passwords with PBKDF2; tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Agencies with their staff, for tests outside the apps' own folders (security, pages).
from tests.applications.conftest import office  # noqa: E402, F401
from tests.publishing.conftest import desk  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _forms_filled_at_test_speed(settings):
    # A person needs seconds to fill in the application form; tests post it at once.
    settings.XXGK_APPLY_MIN_SECONDS = 0


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads kept for the worker go to a directory of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every queued background task to the end, as `xxgk worker --drain` does."""
    # The worker closes connections that are not in autocommit, as a long-running process should;
    # inside a test's transaction that would close the test's own connection (PostgreSQL).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run() -> None:
        from xxgk.background.worker import run as run_worker

        run_worker(drain=True, interval=0, verbosity=0)

    return run


@pytest.fixture
def report_site():
    """A local web site serving ../shared/reports/ (see tests/webserver.py)."""
    from tests.webserver import CORPUS, ReportSite

    if not CORPUS.exists():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"CI must have the real reports at {CORPUS}")
        pytest.skip("../shared/reports is not beside this checkout")
    site = ReportSite()
    yield site
    site.close()


def pytest_collection_modifyitems(config, items):
    """Slow tests whose result cannot depend on the database run on one pass of .ci/run only: OCR,
    the accessibility crawl, the several-processes deployment (which brings its own PostgreSQL).
    Tests marked slow run in CI (CI or XXGK_SLOW set) and are skipped by ./dev test elsewhere, so a
    change is tried in minutes; CI still runs them before anything lands."""
    import os

    from django.db import connection

    if not (os.environ.get("CI") or os.environ.get("XXGK_SLOW")):
        later = pytest.mark.skip(reason="slow: runs in CI, or here with XXGK_SLOW=1")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(later)
    if connection.vendor != "postgresql":
        return
    skip = pytest.mark.skip(reason="does not depend on the database: run once, on the SQLite pass")
    for item in items:
        if "once" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def published_report(db):
    """An agency with a published 2025 report written from its (empty) records: quicker than the demo."""
    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role
    from xxgk.annual import services as annual

    agency = AgencyFactory(name="某区发展和改革委员会")
    clerk, head = UserFactory(), UserFactory()
    grant_role(clerk, agency, Role.CLERK)
    grant_role(head, agency, Role.HEAD)
    report = annual.get_or_start(agency, 2025)
    written = {"一": "{年度}年,{机关}新收申请{新收申请}件。", "五": "无突出问题。", "六": "{收费情况}。"}
    annual.save_draft(report, clerk, {}, written)
    return annual.publish(report, head, acknowledge=True)


def pytest_sessionfinish(session, exitstatus):
    """The SQLite test database is a file (settings: one per test process); Django deletes it, but a
    live server's connection can leave its -wal and -shm beside it."""
    import contextlib
    import glob
    import os

    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for leftover in glob.glob(f"{name}*"):
            with contextlib.suppress(OSError):
                os.remove(leftover)


@pytest.fixture(scope="module")
def postgresql_server():
    """Held by the tests that use the machine's PostgreSQL server as a deployment does: one of them
    restarts it (test_faults_process), so they take turns across the parallel test workers."""
    import fcntl
    import tempfile
    from pathlib import Path

    with open(Path(tempfile.gettempdir()) / "xxgk-tests-postgresql-server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
