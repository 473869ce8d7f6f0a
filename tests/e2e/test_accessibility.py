"""Every public and staff page, as each role reaches it from its home page by following links, in
Chromium at 1366×768 and 390×844: no serious or critical axe-core violation (WCAG 2.1 AA), no
server error, nothing wider than a phone's screen. The pages hold the demo agency's data, which
has cases in every state, items, a published report and a review batch.

Django's own admin (/admin/) is not crawled: it is Django's, kept for administrators only; nor is the
API's docs page (/api/v1/docs), which is Swagger UI's, for developers (its own widgets nest controls)."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import PASSWORD, axe_problems, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
ROLES = {
    "public": None,
    "clerk": "xinxiyuan",
    "reviewer": "shenheren",
    "head": "fuzeren",
    "superior": "gongkaiban",
}
# Files, actions and other people's sites are not pages to read.
NOT_A_PAGE = re.compile(
    r"^/(admin|api|static|media|elder|account/logout)/|\.(pdf|docx|xlsx|json|csv|zip|png|jpg)$|/download|/evidence"
)
MAX_PAGES = 60
# Staff roles check the staff desk; the public pages they can also open are the public role's.
PUBLIC = re.compile(r"^/(gk|apply)/")


def shape(path: str) -> str:
    """Pages of one kind (every item, every case) are checked once: ids become N."""
    return re.sub(r"\d+", "N", path)


@pytest.fixture
def demo():
    from django.contrib.auth import get_user_model

    from xxgk.annual.demo import load_demo

    today = timezone.localdate()  # Beijing's; a deadline reaching a year without its notice is provisional
    load_demo(today)
    for user in get_user_model().objects.filter(username__in=[u for u in ROLES.values() if u]):
        user.set_password(PASSWORD)
        user.save()


# Pages that differ by role (the steps and forms shown): every staff role's are checked. The other
# staff pages look the same to 信息员, 审核人 and 负责人 and are checked for the first role that reaches them.
BY_ROLE = re.compile(r"^/($|applications/N/$|publishing/N/$|annual/N/$)")


def crawl(page, base: str, start: str, staff: bool, problems: list[str], checked: set[str]) -> list[str]:
    """Paths reached from `start` by links, one of each shape, in the order found; each page is
    checked by axe as it is visited (the first size), to load it once. Returned: the pages this
    role checked (not those another staff role checked before)."""
    seen, found = set(), []
    queue = deque([start])
    while queue and len(found) < MAX_PAGES:
        path = queue.popleft()
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        try:
            response = page.goto(base + path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file, not a page
            raise
        assert response is not None and response.status < 500, f"{path}: {response and response.status}"
        if response.status >= 400 or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if staff and shape(path) in checked and not BY_ROLE.match(shape(path)):
            pass  # the same page another staff role saw: its links are still followed
        else:
            checked.add(shape(path))
            found.append(path)
            problems += check(page, path, "desktop", SIZES["desktop"][0])
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlsplit(urldefrag(href)[0])
            if url.netloc != urlsplit(base).netloc or NOT_A_PAGE.search(url.path):
                continue
            if staff and PUBLIC.match(url.path):
                continue
            if shape(url.path) not in seen:
                queue.append(url.path)
    return found


def check(page, path: str, size: str, width: int) -> list[str]:
    problems = [f"{size} {path}: {p}" for p in axe_problems(page)]
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    if wide > width + 1:
        problems.append(f"{size} {path}: 页面宽{wide}px,超出屏幕{width}px")
    return problems


@pytest.mark.once  # pages render alike on both databases
def test_every_page_is_accessible_at_both_sizes(browser, live_server, demo, shot):
    problems: list[str] = []
    checked: set[str] = set()
    for role, username in ROLES.items():  # one test: the demo loads once (16 s)
        if username:
            page = login(browser, live_server, username, "/")
            starts = ["/"]
        else:
            page = browser.new_context(locale="zh-CN").new_page()
            starts = ["/", "/gk/", "/apply/", "/apply/status/"]
        found: list[str] = []
        page.set_viewport_size({"width": SIZES["desktop"][0], "height": SIZES["desktop"][1]})
        paths: list[str] = []
        for start in starts:
            reached = crawl(page, live_server.url, start, bool(username), found, checked)
            paths += [p for p in reached if p not in paths]
        assert len(paths) >= (4 if role == "public" else 3), (role, paths)
        shot(page, f"{role}-desktop-last")
        width, height = SIZES["phone"]
        page.set_viewport_size({"width": width, "height": height})
        for path in paths:
            page.goto(live_server.url + path)
            found += check(page, path, "phone", width)
        shot(page, f"{role}-phone-last")
        problems += [f"{role} {p}" for p in found]
        page.context.close()
    assert not problems, "\n".join(problems)
