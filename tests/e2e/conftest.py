"""End-to-end tests in Debian's Chromium, driven by Playwright, against a live server.

Screenshots of every step are kept under var/e2e/ (CI keeps var/ as its artifacts).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A click that submits a form returns once the next page has started loading; on a busy machine
# (CI runs two suites' workers at once) reading the page at that moment gave "". Reading the whole
# page waits for it to have loaded, like every locator waits for its element.
WAIT_SECONDS = 60


def _patient_pages() -> None:
    from playwright.sync_api import Page

    if getattr(Page.content, "patient", False):
        return
    content = Page.content

    def patient_content(self: Page) -> str:
        self.wait_for_load_state("load")
        return content(self)

    patient_content.patient = True  # type: ignore[attr-defined]
    Page.content = patient_content  # type: ignore[method-assign]


SHOTS = Path(os.environ.get("XXGK_VAR_DIR", Path.cwd() / "var")) / "e2e"


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (./dev installs it)")
        pytest.skip("chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM runs in its own.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        _patient_pages()
        # Slow machines get time: every wait (locators, navigations) up to WAIT_SECONDS.
        original = b.new_context

        def new_context(*args, **kwargs):
            context = original(*args, **kwargs)
            context.set_default_timeout(WAIT_SECONDS * 1000)
            return context

        b.new_context = new_context
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _fresh_cache(transactional_db):
    """The shared cache is a database table that flushing does not empty: rate limits and
    验证问题 of one test must not reach the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def shot(request):
    folder = SHOTS / request.node.name  # one folder a test, so runs do not mix their steps
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{next(counter):02d}-{name}.png"), full_page=True)

    return take


PASSWORD = "测试密码-123"  # tests.factories.UserFactory's password


def login(browser, live_server, username, landing):
    """A staff member's own browser context, logged in and landed on `landing` (e.g. /annual/)."""
    import re

    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/account/login/?next={landing}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form.login button[type=submit]")
    page.wait_for_url(re.compile(re.escape(landing) + "$"))
    return page


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, as 《信息技术 互联网内容无障碍可访问性技术要求与测试方法》(GB/T 37668) follows.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_problems(page) -> list[str]:
    """Serious and critical accessibility violations on the page as it is now, one line each.
    axe-core comes from the npm registry (package.json; ./dev installs it), never downloaded here."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have axe-core at {AXE} (./dev test runs npm ci)")
        pytest.skip("axe-core is not installed (npm ci)")
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} — {node['target']} {node.get('failureSummary', '')[:200]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


@pytest.fixture
def agency():
    """An agency with a clerk, a reviewer and a head, and three items published on its 专栏."""
    from datetime import date

    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role
    from xxgk.publishing import services
    from xxgk.publishing.models import Category, CategoryKind
    from xxgk.publishing.services import create_item

    agency = AgencyFactory(name="某区发展和改革委员会", address="某区行政中心3号楼", phone="010-68001234")
    for username, role in (("xinxiyuan", Role.CLERK), ("shenheren", Role.REVIEWER), ("fuzeren", Role.HEAD)):
        grant_role(UserFactory(username=username), agency, role)
    genre = Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name="工作动态", limit_days=3)
    theme = Category.objects.create(agency=agency, kind=CategoryKind.THEME, name="扶贫开发")
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    clerk, reviewer = users["xinxiyuan"], users["shenheren"]
    titles = ("2026年产业扶贫项目验收结果公示", "2026年扶贫资金分配情况", "区重点项目调度会召开")
    for n, title in enumerate(titles):
        fields = {"title": title, "publisher": agency.name, "formed": date(2026, 11, 2 + n), "genre": genre}
        fields |= {"theme": theme, "body": f"{title}。经研究,现将有关情况公布如下。"}
        item = create_item(agency, clerk, fields)
        services.confirm_secrecy(item, reviewer)
        services.submit(item, clerk)
        services.approve(item, reviewer)
        services.publish(item, clerk, date(2026, 11, 5 + n))
    return agency
