"""Building one agency's annual report among many (issue: 500 agencies, 1,000,000 items and
200,000 applications in total), next to the raw SQL aggregate over the same rows in the same run.

    .venv/bin/python -m benchmarks.bench_annual [--agencies 500] [--items 1000000] [--applications 200000]
    XXGK_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/xxgk_bench \
        .venv/bin/python -m benchmarks.bench_annual

Without XXGK_DATABASE_URL it uses a SQLite file in XXGK_VAR_DIR (default: a fresh temporary folder).
Data already there is kept, so a second run measures without generating again. Measured, median of
--repeat runs each:
- "tables": sections 二–四 of the report (normative_rows, applications_table, appeals_table: the
  aggregate queries behind `xxgk report build`);
- "report": the whole report as `xxgk report build` makes it, narrative fields included (items by
  genre, answers on time, which reads the year's answers of that one agency with their pauses);
- "raw SQL": hand-written GROUP BY queries over the same rows giving the same counts (the baseline).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

YEAR = 2025


def _generate(args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from xxgk.agencies.models import Agency
    from xxgk.applications.models import Appeal, Application
    from xxgk.publishing.models import Category, CategoryKind, GenreRole, Item, ItemState, Validity
    from xxgk.rules.applications import result_codes

    rng = random.Random(3)
    have = Agency.objects.filter(code__startswith="BENCH").count()
    if have >= args.agencies:
        return
    t0 = time.perf_counter()
    results = result_codes()
    kinds = ["natural"] * 5 + ["business", "research", "ngo", "legal", "other"]
    per_agency_items = args.items // args.agencies
    per_agency_apps = args.applications // args.agencies
    for a in range(have, args.agencies):
        with transaction.atomic():
            agency = Agency.objects.create(code=f"BENCH{a:05d}", name=f"基准测试第{a + 1}局")
            genres = [
                Category.objects.create(agency=agency, kind=CategoryKind.GENRE, name=name, role=role)
                for name, role in (
                    ("规范性文件", GenreRole.NORMATIVE),
                    ("政策解读", GenreRole.INTERPRETATION),
                    ("工作动态", GenreRole.NONE),
                    ("财务公开", GenreRole.NONE),
                    ("其他", GenreRole.NONE),
                )
            ]
            items = []
            for n in range(per_agency_items):
                genre = genres[0] if n % 40 == 0 else rng.choice(genres[1:])
                formed = date(2018, 1, 1) + timedelta(days=rng.randint(0, 3200))
                published = formed + timedelta(days=rng.randint(0, 10)) if rng.random() < 0.97 else None
                repealed = (
                    published + timedelta(days=rng.randint(200, 2000)) if published and n % 160 == 0 else None
                )
                items.append(
                    Item(
                        agency=agency,
                        index_no=f"{agency.code}/{formed.year}-{n + 1:06d}",
                        title=f"信息{n}",
                        publisher=agency.name,
                        formed=formed,
                        published=published,
                        genre=genre,
                        state=ItemState.PUBLISHED if published else ItemState.DRAFT,
                        validity=(Validity.REPEALED if repealed else Validity.IN_FORCE)
                        if genre is genres[0]
                        else "",
                        repealed_on=repealed,
                    )
                )
            Item.objects.bulk_create(items, batch_size=2000)
            apps = []
            for n in range(per_agency_apps):
                received = date(2023, 1, 1) + timedelta(days=rng.randint(0, 1300))
                answered = received + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.93 else None
                apps.append(
                    Application(
                        agency=agency,
                        number=f"{n + 1:05d}",
                        tracking_number=f"B{a:04d}{n:06d}",
                        applicant_kind=rng.choice(kinds),
                        applicant_name="申请人",
                        channel="in_person",
                        received=received,
                        answered=answered,
                        result=rng.choice(results) if answered else "",
                        state="answered" if answered else "received",
                    )
                )
            created = Application.objects.bulk_create(apps, batch_size=2000)
            Appeal.objects.bulk_create(
                [
                    Appeal(
                        application=app,
                        kind=rng.choice(["review", "suit_direct", "suit_after_review"]),
                        filed=app.answered + timedelta(days=20),
                        outcome=rng.choice(["upheld", "corrected", ""]),
                        decided=app.answered + timedelta(days=rng.randint(30, 200)),
                    )
                    for app in created
                    if app.answered and rng.random() < 0.03
                ]
            )
        print(f"\r{a + 1}/{args.agencies} agencies", end="", file=sys.stderr)
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a maintained production database has
    print(f"generated in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


RAW_APPS = """
SELECT applicant_kind,
  SUM(CASE WHEN received BETWEEN %(first)s AND %(last)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN received < %(first)s AND (answered IS NULL OR answered >= %(first)s) THEN 1 ELSE 0 END),
  SUM(CASE WHEN received <= %(last)s AND (answered IS NULL OR answered > %(last)s) THEN 1 ELSE 0 END)
FROM applications_application WHERE agency_id = %(agency)s AND received IS NOT NULL GROUP BY applicant_kind
"""
RAW_RESULTS = """
SELECT result, applicant_kind, COUNT(*) FROM applications_application
WHERE agency_id = %(agency)s AND received IS NOT NULL AND answered BETWEEN %(first)s AND %(last)s
GROUP BY result, applicant_kind
"""
RAW_APPEALS = """
SELECT p.kind, p.outcome, COUNT(*) FROM applications_appeal p
JOIN applications_application a ON a.id = p.application_id
WHERE a.agency_id = %(agency)s AND p.filed <= %(last)s GROUP BY p.kind, p.outcome
"""
RAW_ITEMS = """
SELECT c.role,
  SUM(CASE WHEN i.published BETWEEN %(first)s AND %(last)s AND i.state <> 'draft' THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.repealed_on BETWEEN %(first)s AND %(last)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN i.published <= %(last)s AND i.state = 'published'
           AND (i.repealed_on IS NULL OR i.repealed_on > %(last)s) THEN 1 ELSE 0 END)
FROM publishing_item i JOIN publishing_category c ON c.id = i.genre_id
WHERE i.agency_id = %(agency)s AND c.role IN ('rules', 'normative') GROUP BY c.role
"""


def raw_sql(agency_id: int) -> list[list[tuple[object, ...]]]:
    from django.db import connection

    params = {"agency": agency_id, "first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31)}
    out = []
    with connection.cursor() as cursor:
        for sql in (RAW_APPS, RAW_RESULTS, RAW_APPEALS, RAW_ITEMS):
            cursor.execute(sql, params)
            out.append(cursor.fetchall())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if not os.environ.get("XXGK_DATABASE_URL") and not os.environ.get("XXGK_VAR_DIR"):
        os.environ["XXGK_VAR_DIR"] = tempfile.mkdtemp(prefix="xxgk-bench-annual-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xxgk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    _generate(args)
    from xxgk.agencies.models import Agency
    from xxgk.annual import services as annual
    from xxgk.applications.models import Application
    from xxgk.publishing.models import Item

    agency = Agency.objects.get(code=f"BENCH{args.agencies // 2:05d}")
    report = annual.get_or_start(agency, YEAR)
    agencies = Agency.objects.filter(code__startswith="BENCH").count()
    print(
        f"database: {connection.vendor}; agencies: {agencies}, "
        f"items: {Item.objects.count()}, applications: {Application.objects.count()}; "
        f"one agency's {YEAR} report"
    )
    # The report's counts equal the raw SQL's: the comparison is of the same work.
    built = annual.tables(report)
    apps, _results, _appeals, _items = raw_sql(agency.pk)
    by_kind = {kind: (new, carried_in, carried_out) for kind, new, carried_in, carried_out in apps}
    for kind, (new, carried_in, carried_out) in by_kind.items():
        assert built.applications["new"][kind] == new, kind
        assert built.applications["carried_in"][kind] == carried_in, kind
        assert built.applications["carried_out"][kind] == carried_out, kind

    cases = [
        ("raw SQL (baseline)", lambda: raw_sql(agency.pk)),
        ("tables (二–四)", lambda: annual.tables(report)),
        ("report (with narrative)", lambda: annual.build(report)),
    ]
    results = {}
    for name, run in cases:
        run()  # warm the caches once, as a server that has been up a while
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            run()
            times.append((time.perf_counter() - t) * 1000)
        results[name] = statistics.median(times)
    baseline = results["raw SQL (baseline)"]
    print(f"{'what':<26} {'median ms':>10} {'× baseline':>11}")
    for name, ms in results.items():
        print(f"{name:<26} {ms:>10.1f} {ms / baseline:>11.1f}")


if __name__ == "__main__":
    main()
