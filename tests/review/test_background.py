"""年报核查 batches in the background: queued by the upload, checked by the worker, resumable."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import AgencyFactory, UserFactory
from tests.review.test_views import upload
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.background.models import ScheduledRun
from xxgk.background.worker import schedule_daily
from xxgk.reports.fetch import Listed
from xxgk.review import services
from xxgk.review.models import BatchState, ItemState, ReviewBatch

pytestmark = pytest.mark.django_db


def test_the_upload_only_queues_and_the_page_shows_progress_until_done(office_client, seed_path, run_tasks):
    response = upload(office_client, [("甲.txt", seed_path.read_bytes()), ("乙.txt", b"\xff\xfe junk")])
    batch = ReviewBatch.objects.get()
    assert batch.state == BatchState.QUEUED and batch.items.count() == 0  # nothing read in the request
    assert DBTaskResult.objects.ready().count() == 1
    page = office_client.get(response["Location"]).content.decode()
    assert (
        "排队等待" in page
        and "后台任务进程可能没有运行" in page
        and 'src="/static/review/progress.js"' in page
    )
    queued = office_client.get(f"/review/{batch.pk}/progress.json").json()
    assert queued["state"] == "queued" and queued["finished"] is False and queued["unpacking"] is True

    run_tasks()
    done = office_client.get(f"/review/{batch.pk}/progress.json").json()
    assert done["state"] == "done" and done["finished"] is True
    assert (done["done"], done["total"], done["unpacking"]) == (2, 2, False)
    assert done["unreadable"] == 0 and done["with_errors"] >= 0 and done["rate"] > 0
    batch.refresh_from_db()
    assert batch.finished_at >= batch.started_at
    assert not batch.sources.get(name="甲.txt").file  # unpacked into items, the upload is not kept


def test_progress_is_only_for_those_who_may_see_the_batch(office_client, client, seed_path):
    upload(office_client, [("甲.txt", seed_path.read_bytes())])
    batch = ReviewBatch.objects.get()
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.REVIEWER)
    client.force_login(stranger)
    assert client.get(f"/review/{batch.pk}/progress.json").status_code == 404


def test_a_batch_can_only_be_made_in_the_users_own_agency(seed_path):
    user = UserFactory()
    grant_role(user, AgencyFactory(), Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        services.create_batch(agency=AgencyFactory(), user=user, files=[("a.txt", b"x")])


def _batch_of(n: int, seed: bytes) -> ReviewBatch:
    office = AgencyFactory()
    files = [(f"{i}.txt", seed) for i in range(n)]
    return services.create_batch(agency=office, user=None, files=files, title="三份")


def test_a_batch_stopped_midway_resumes_where_it_stopped(seed_path, run_tasks, monkeypatch):
    batch = _batch_of(3, seed_path.read_bytes())
    read = []
    real = services.read_one

    def dies_on_the_second(upload):
        if len(read) == 1:
            raise SystemExit("worker killed")  # as a kill takes a worker down mid-report
        read.append(upload.source)
        return real(upload)

    monkeypatch.setattr(services, "read_one", dies_on_the_second)
    with pytest.raises(SystemExit):
        services.process_batch(batch.pk, owner=f"{socket.gethostname()}:999999:dead")
    batch.refresh_from_db()
    assert batch.state == BatchState.RUNNING and batch.lease_until > timezone.now()
    assert batch.items.filter(state=ItemState.DONE).count() == 1

    monkeypatch.setattr(services, "read_one", lambda upload: read.append(upload.source) or real(upload))
    DBTaskResult.objects.all().delete()  # the task the killed worker held is gone with it
    # The dead worker's pid is not running here: its lease need not run out first.
    assert services.resume_stalled() == [batch.pk]
    assert services.resume_stalled() == []  # queued once, however often housekeeping runs
    run_tasks()
    batch.refresh_from_db()
    assert batch.state == BatchState.DONE
    assert read == ["0.txt", "1.txt", "2.txt"]  # the first report was not read again
    assert batch.items.filter(state=ItemState.DONE).count() == 3


def test_a_live_workers_batch_is_not_taken_by_another(seed_path):
    batch = _batch_of(1, seed_path.read_bytes())
    assert services._claim(batch.pk, f"{socket.gethostname()}:{os.getpid()}:a")
    assert not services._claim(batch.pk, "elsewhere:1:b")
    DBTaskResult.objects.all().delete()
    assert services.resume_stalled() == []  # its holder (this process) is alive
    ReviewBatch.objects.filter(pk=batch.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services._claim(batch.pk, "elsewhere:1:b")  # a lease that ran out is free


def test_links_are_queued_as_items_and_fetched_by_the_worker(report_site, run_tasks):
    office = AgencyFactory(review_fetch_private=True)
    url = report_site.url("/reports/huaian-city-2024.pdf")
    batch = services.create_batch(agency=office, user=None, links=[Listed(url, "淮安市人民政府")])
    assert report_site.requests == []
    run_tasks()
    item = batch.items.get()
    assert item.state == ItemState.DONE and item.year == 2024 and item.errors == 0
    evidence = item.evidence.get()
    assert evidence.url == url and evidence.status == 200 and len(evidence.sha256) == 64
    assert bytes(item.content) == bytes(evidence.content)


def test_links_to_loopback_are_refused_unless_the_operator_allowed_them(report_site, run_tasks):
    batch = services.create_batch(
        agency=AgencyFactory(), user=None, links=[Listed(report_site.url("/reports/huaian-city-2024.pdf"))]
    )
    run_tasks()
    item = batch.items.get()
    assert "本机或内网地址" in item.error and report_site.requests == []


def test_the_daily_run_is_queued_once_a_day_after_its_hour(run_tasks, settings):
    settings.XXGK_DAILY_AT = "06:00"
    tz = ZoneInfo("Asia/Shanghai")
    assert not schedule_daily(datetime(2026, 11, 25, 5, 59, tzinfo=tz))
    assert schedule_daily(datetime(2026, 11, 25, 6, 0, tzinfo=tz))
    assert not schedule_daily(datetime(2026, 11, 25, 18, 0, tzinfo=tz))  # another worker, same day
    assert ScheduledRun.objects.get().day.isoformat() == "2026-11-25"
    run_tasks()  # its housekeeping may queue today's run as well, after 06:00 of the real clock
    (task,) = [
        t
        for t in DBTaskResult.objects.filter(task_path="xxgk.daily.daily")
        if t.args_kwargs["args"] == ["2026-11-25"]
    ]
    assert task.status == "SUCCESSFUL", task.exception_class_path
