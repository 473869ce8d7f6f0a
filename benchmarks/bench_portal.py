"""Portal list and search speed with many published items (issue: < 100 ms median at 200,000).

    XXGK_DATABASE_URL=… .venv/bin/python -m benchmarks.bench_portal [--items 200000] [--repeat 30]

Without XXGK_DATABASE_URL it uses a fresh SQLite file in a temporary folder (or the one in XXGK_VAR_DIR;
items already there are kept, so a second run measures without generating again). Each page is requested
through Django's full stack (middleware, view, template) by the test client; the baseline, measured in
the same run, is /healthz: the same stack and one `SELECT 1`.
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

_VOCABULARY = """
扶贫 项目 资金 公示 通知 关于 开展 工作 实施 方案 政府 投资 建设 规划 年度 计划 财务 预算 决算 采购
招标 结果 审批 行政 许可 环境 评价 批复 产业 发展 改革 价格 能源 粮食 储备 重点 民生 教育 医疗 养老
就业 乡村 振兴 交通 水利 城市 更新 安全 生产 检查 通报 会议 纪要 学习 培训 调研 督查
"""
WORDS = _VOCABULARY.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("XXGK_DATABASE_URL") and not os.environ.get("XXGK_VAR_DIR"):
        os.environ["XXGK_VAR_DIR"] = tempfile.mkdtemp(prefix="xxgk-bench-")  # a fresh SQLite file
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xxgk.settings")
    os.environ["XXGK_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from xxgk.agencies.models import Agency
    from xxgk.publishing.models import Category, CategoryKind, Item, ItemState, SearchEntry
    from xxgk.publishing.search import tokens

    agency, _ = Agency.objects.get_or_create(code="000000019", defaults={"name": "基准测试机关"})
    genres = [
        Category.objects.get_or_create(agency=agency, kind=CategoryKind.GENRE, name=n)[0]
        for n in ("工作动态", "通知公告", "规范性文件", "财务公开")
    ]
    themes = [
        Category.objects.get_or_create(agency=agency, kind=CategoryKind.THEME, name=n)[0]
        for n in ("扶贫开发", "综合政务", "城乡建设")
    ]
    existing = Item.objects.filter(agency=agency).count()
    rng = random.Random(1)
    t0 = time.perf_counter()
    batch_size = 5000
    for start in range(existing, args.items, batch_size):
        items = []
        for n in range(start, min(start + batch_size, args.items)):
            title = "".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
            body = "。".join("".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))) for _ in range(3))
            published = date(2018, 1, 1) + timedelta(days=rng.randint(0, 3200))
            items.append(
                Item(
                    agency=agency,
                    index_no=f"{agency.code}/{published.year}-{n + 1:06d}",
                    title=title,
                    publisher=agency.name,
                    formed=published,
                    published=published,
                    genre=rng.choice(genres),
                    theme=rng.choice(themes),
                    body=body,
                    state=ItemState.PUBLISHED,
                )
            )
        created = Item.objects.bulk_create(items)
        entries = [
            SearchEntry(item=i, tokens=" ".join(tokens(f"{i.title} {i.doc_number} {i.body}")))
            for i in created
        ]
        SearchEntry.objects.bulk_create(entries)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO publishing_fts(rowid, tokens) VALUES (%s, %s)",
                    [(e.item_id, e.tokens) for e in entries],
                )
        print(f"\r{min(start + batch_size, args.items)} items", end="", file=sys.stderr)
    print(file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a maintained production database has
    total = Item.objects.filter(agency=agency).count()
    print(f"database: {connection.vendor}, items: {total} (setup {time.perf_counter() - t0:.0f} s)")

    from django.test import Client

    client = Client()
    base = f"/gk/{agency.code}/items/"
    cases = [
        ("baseline /healthz", "/healthz", {}),
        ("list, page 1", base, {}),
        ("list, page 2000", base, {"page": "2000"}),
        ("list, genre + year", base, {"genre": str(genres[2].pk), "year": "2022"}),
        ("search 扶贫", base, {"q": "扶贫"}),
        ("search 扶贫 资金", base, {"q": "扶贫 资金"}),
        ("search 粮食储备 + genre", base, {"q": "粮食储备", "genre": str(genres[0].pk)}),
        ("item page", None, {}),
    ]
    sample = Item.objects.filter(agency=agency).order_by("pk")[args.items // 2]
    results = {}
    for name, url, params in cases:
        url = url or f"/gk/{agency.code}/items/{sample.url_number}/"
        response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            client.get(url, params)
            times.append((time.perf_counter() - t) * 1000)
        results[name] = statistics.median(times)
    baseline = results["baseline /healthz"]
    print(f"{'page':<28} {'median ms':>10} {'× baseline':>11}")
    for name, ms in results.items():
        print(f"{name:<28} {ms:>10.1f} {ms / baseline:>11.1f}")


if __name__ == "__main__":
    main()
