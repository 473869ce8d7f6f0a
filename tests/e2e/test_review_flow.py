"""年报核查 in a browser: a superior office's reviewer uploads real reports and a list of links;
the batch page shows its progress while a worker checks them and, without a reload by the user,
the results; at phone size too."""

from __future__ import annotations

import threading

import pytest

from tests.e2e.conftest import login
from tests.factories import AgencyFactory, UserFactory
from tests.webserver import CORPUS
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    """A task worker in a thread of this process (the live server's database is this process's)."""
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    def start() -> None:
        w = Worker(
            queue_names=["*"], interval=0.2, batch=False, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id="e2e", excluded_queue_names=[],
        )  # fmt: skip
        started.append(w)

        def run() -> None:
            try:
                w.run()
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        threads.append(thread)

    started: list = []
    threads: list[threading.Thread] = []
    yield start
    for w in started:
        w.running = False
    for t in threads:
        t.join(10)


def test_a_batch_of_files_and_links_is_checked_with_progress(browser, live_server, shot, worker, report_site):
    if not CORPUS.exists():
        pytest.skip("../shared/reports is not beside this checkout")
    office = AgencyFactory(name="淮安市政务公开办", review_fetch_private=True)
    grant_role(UserFactory(username="hecha"), office, Role.REVIEWER)

    page = login(browser, live_server, "hecha", "/review/")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.fill("#id_title", "2024年度县区年报核查")
    page.set_input_files(
        "#id_files", [str(CORPUS / "huaian-city-2024.pdf"), str(CORPUS / "shanghai-govoffice-2019.html")]
    )
    page.fill("#id_urls", f"洪泽区人民政府,{report_site.url('/reports/huaian-hongze-2023.pdf')}")
    shot(page, "upload")
    page.click("button:has-text('上传并核查')")
    page.wait_for_selector("text=已加入核查队列")
    assert page.inner_text("[data-field=state_label]") == "排队等待"
    assert "后台任务进程可能没有运行" in page.content()  # says whom to ask if nothing moves
    shot(page, "queued")

    worker()
    # The page polls and reloads itself when the batch is done: no click, no reload here.
    from playwright.sync_api import expect

    expect(page.locator("[data-field=state_label]")).to_have_text("已完成", timeout=60_000)
    page.wait_for_selector("table >> text=huaian-city-2024.pdf", timeout=30_000)
    text = page.inner_text("main")
    assert "已核查 3 / 3 份" in text.replace("\n", " ") or "已核查3份报告" in text
    assert "不能汇总不同格式版本的报告" in text  # a 2019 and two 2021 reports
    shot(page, "done")

    page.click(f"text={report_site.url('/reports/huaian-hongze-2023.pdf')}")
    page.wait_for_selector("text=获取记录(证据)")
    evidence = page.inner_text("main")
    assert "HTTP 200" in evidence and "SHA-256" in evidence
    assert "行政复议" in evidence  # 洪泽's printed totals of 0 are found from the fetched file
    shot(page, "evidence")

    page.set_viewport_size({"width": 390, "height": 844})
    page.go_back()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the batch page overflows a phone: {width}px"
    shot(page, "phone")
