"""Two paths the public meets (issue 24): the status lookup and the download of a published report.

    .venv/bin/python -m benchmarks.bench_records [--repeat 20]

Through Django's test client on a SQLite file in a fresh temporary folder. Measured, median of
--repeat runs each, with the same-run baselines:
- status lookup with the right 查询码, a wrong one, and an unknown 查询号 (each one hash now);
  baseline: /healthz (the full stack with its database, cache and worker checks);
- a published report's PDF and Word as served (stored bytes); baseline: the same file rendered
  afresh, as every download did before publication fixed the files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("XXGK_VAR_DIR", tempfile.mkdtemp(prefix="xxgk-bench-records-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xxgk.settings")
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.XXGK_APPLY_MIN_SECONDS = 0
    call_command("migrate", verbosity=0)
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import add_agency, grant_role
    from xxgk.annual import services as annual
    from xxgk.applications.services import register

    agency = add_agency(code="91350100M000100Y43", name="某区发展和改革委员会")
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.create_user("bench-clerk", password="x")
    head = get_user_model().objects.create_user("bench-head", password="x")
    grant_role(clerk, agency, Role.CLERK)
    grant_role(head, agency, Role.HEAD)
    filed = register(agency, clerk, {"applicant_kind": "natural", "applicant_name": "张三"},
                     channel="in_person", received=date(2025, 3, 3))  # fmt: skip
    report = annual.get_or_start(agency, 2025)
    annual.save_draft(report, clerk, {}, {"一": "{年度}年概况。", "五": "无。", "六": "{收费情况}。"})
    report = annual.publish(report, head, acknowledge=True)
    annual.freeze(report)

    client = Client()
    wrong = "000000" if filed.query_code != "000000" else "111111"
    number = filed.application.tracking_number

    def lookup(code: str, tracking: str = number) -> Callable[[], object]:
        def run() -> object:
            return client.post("/apply/status/", {"tracking_number": tracking, "query_code": code})

        return run

    def download(fmt: str) -> Callable[[], object]:
        return lambda: client.get(f"/gk/{agency.code}/reports/2025.{fmt}")

    def rendered(fmt: str) -> Callable[[], object]:
        return lambda: annual.export_report(report, fmt)

    from django.core.cache import cache

    cache.clear()
    rows = [
        ("baseline /healthz", _median_ms(lambda: client.get("/healthz"), args.repeat)),
        ("status lookup, right code", _median_ms(lookup(filed.query_code), args.repeat)),
        ("status lookup, wrong code", _median_ms(lookup(wrong), 10)),
        ("status lookup, unknown number", _median_ms(lookup("123456", "YSQ0"), 10)),
        ("published PDF, served", _median_ms(download("pdf"), args.repeat)),
        ("published PDF, rendered again (before)", _median_ms(rendered("pdf"), 5)),
        ("published Word, served", _median_ms(download("docx"), args.repeat)),
        ("published Word, rendered again (before)", _median_ms(rendered("docx"), 5)),
    ]
    base = rows[0][1]
    print(f"{'path':45} {'median ms':>10} {'× /healthz':>11}")
    for name, ms in rows:
        print(f"{name:45} {ms:10.1f} {ms / base:11.1f}")


if __name__ == "__main__":
    main()
