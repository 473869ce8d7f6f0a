"""The portal under load as a provincial platform serves it (issue 24): PostgreSQL + Redis, 30 clients,
one and two `xxgk serve` processes, pages cold and warm.

    ./dev bench load [--items 200000] [--clients 30] [--seconds 10]

It creates (or reuses) the PostgreSQL database xxgk_bench_load_<items> on 127.0.0.1:5432, fills it
through benchmarks.bench_portal (kept for the next run), adds a published annual report, starts a
private redis-server and runs each scenario for --seconds after a short warm-up:

- baselines in the same run: a static file (whitenoise, no database) and /healthz (the full stack
  with its database, cache and worker checks);
- warm: the same 20 list pages / 20 item pages asked again and again (served from the cache, or
  304 for a client that sends If-None-Match);
- cold: every request a page nobody asked for before (a query string of its own), so each one
  renders: list pages, item pages among all items, searches for two random words;
- a published report's PDF as stored.

Figures are requests per second over all clients, median and 95th percentile latency, and the ratio
to the static file measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from benchmarks.bench_portal import WORDS
from benchmarks.bench_processes import choose, fill, load, prepare, start

AGENCY = "000000019"  # benchmarks.bench_portal's agency


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    # The files folder is kept with the database: the published report's stored files live there.
    var_dir = os.environ.get(
        "XXGK_BENCH_VAR", os.path.join(tempfile.gettempdir(), f"xxgk-bench-load-{args.items}")
    )
    env, redis = prepare(f"xxgk_bench_load_{args.items}", var_dir, "bench-load-secret")
    t0 = time.perf_counter()
    fill(env, args.items)
    year, stored_pdf = _here(env, "--publish-report").split()
    # The same bytes as a static file: what serving the published PDF is compared with.
    os.makedirs(os.path.join(var_dir, "static", "bench"), exist_ok=True)
    shutil.copyfile(stored_pdf, os.path.join(var_dir, "static", "bench", "report.pdf"))
    print(f"ready in {time.perf_counter() - t0:.0f} s", flush=True)
    numbers = _here(env, "--numbers").split()  # 2,000 items spread over the whole table
    base = f"/gk/{AGENCY}"

    first_pages = [f"{base}/items/?page={p}" for p in range(1, 21)]
    scenarios = [
        ("static file (no database)", [1], choose(["/static/xxgk/frame.js"]), False),
        ("/healthz", [1], choose(["/healthz"]), False),
        ("list, warm", [1, 2], choose(first_pages), False),
        (
            "list, warm, If-None-Match",
            [1, 2],
            choose(first_pages),
            True,
        ),
        ("item, warm", [1, 2], choose([f"{base}/items/{x}/" for x in numbers[:20]]), False),
        ("list, cold", [1, 2], lambda rng, n: f"{base}/items/?page={rng.randint(1, 500)}&cold={n}", False),
        ("item, cold", [1, 2], lambda rng, n: f"{base}/items/{rng.choice(numbers)}/?cold={n}", False),
        (
            "search, cold",
            [1, 2],
            lambda rng, n: f"{base}/items/?q={rng.choice(WORDS)}+{rng.choice(WORDS)}&cold={n}",
            False,
        ),
        ("static file, the PDF's bytes", [1], choose(["/static/bench/report.pdf"]), False),
        ("published report PDF", [1], choose([f"{base}/reports/{year}.pdf"]), False),
    ]
    rows = []
    try:
        for processes_count in (1, 2):
            processes, urls = start(env, processes_count)
            try:
                for label, counts, make_path, etags in scenarios:
                    if processes_count not in counts:
                        continue
                    load(urls, make_path, args.clients, 1.5, etags)  # warm up: connections, caches
                    rows.append(
                        (label, processes_count, *load(urls, make_path, args.clients, args.seconds, etags))
                    )
                    print(f"  {label}, {processes_count} process(es): {rows[-1][2]:.0f} req/s", flush=True)
            finally:
                for p in processes:
                    p.terminate()
                for p in processes:
                    p.wait(30)
    finally:
        redis.terminate()
    static = rows[0][2]
    print(f"\n{args.items} items, {args.clients} clients, {args.seconds:.0f} s each, {os.cpu_count()} cores")
    print(f"{'':30} {'proc':>4} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'vs static':>10}")
    for label, processes_count, rate, median, p95 in rows:
        print(f"{label:30} {processes_count:>4} {rate:8.1f} {median:10.1f} {p95:8.1f} {static / rate:9.1f}×")
    same = {label: rate for label, _, rate, _, _ in rows}
    pdf = same["static file, the PDF's bytes"] / same["published report PDF"]
    print(f"published report PDF vs the same bytes as a static file: {pdf:.1f}×")


def _here(env: dict[str, str], step: str) -> str:
    """What this module prints run with `step` in the benchmark's environment (Django set up there)."""
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_load", step],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xxgk.settings")
    import django

    django.setup()


def _publish_report() -> None:
    """A published annual report of the bench agency (its files frozen), once; prints its year."""
    _django()
    from django.contrib.auth import get_user_model

    from xxgk.agencies.models import Agency, Role
    from xxgk.agencies.services import grant_role
    from xxgk.annual import services as annual
    from xxgk.annual.models import Report, ReportState

    agency = Agency.objects.get(code=AGENCY)
    year = 2025
    published = Report.objects.filter(agency=agency, year=year, state=ReportState.PUBLISHED).first()
    if published is not None:
        from xxgk.annual.models import PublishedFile

        # A database kept from a run whose files folder is gone: fix the files again.
        for stored in PublishedFile.objects.filter(report=published):
            if not stored.file.storage.exists(stored.file.name):
                stored.delete()
        for fmt in ("pdf", "docx"):
            annual.published_file(published, fmt)
        report = published
    else:
        clerk, _ = get_user_model().objects.get_or_create(username="bench-load-clerk")
        head, _ = get_user_model().objects.get_or_create(username="bench-load-head")
        grant_role(clerk, agency, Role.CLERK)
        grant_role(head, agency, Role.HEAD)
        report = annual.get_or_start(agency, year)
        annual.save_draft(report, clerk, {}, {"一": "{年度}年概况。", "五": "无。", "六": "{收费情况}。"})
        report = annual.publish(report, head, acknowledge=True)
        annual.freeze(report)
    print(year, annual.published_file(report, "pdf").file.path)


def _print_numbers() -> None:
    _django()
    from xxgk.publishing.models import Item

    ids = list(Item.objects.filter(agency__code=AGENCY).values_list("pk", flat=True).order_by("pk"))
    step = max(1, len(ids) // 2000)
    chosen = set(ids[::step])
    for item in Item.objects.filter(pk__in=chosen).only("index_no"):
        print(item.url_number)


if __name__ == "__main__":
    if "--publish-report" in sys.argv:
        _publish_report()
    elif "--numbers" in sys.argv:
        _print_numbers()
    else:
        main()
