"""Two app processes against one: 30 clients on the portal's list, PostgreSQL + Redis as deployed.

    ./dev bench processes [--items 20000] [--clients 30] [--seconds 15]

It creates (or reuses) the PostgreSQL database xxgk_bench_processes on 127.0.0.1:5432, fills it
with published items through benchmarks.bench_portal, starts a private redis-server, then runs
`xxgk serve --no-worker` once as one process and once as two; 30 client threads (keep-alive
connections, each process taking every other client, as a reverse proxy would) request list pages
at random for the given time. Baseline in the same run: /healthz (the full stack and `SELECT 1`)
on one process with the same clients.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from itertools import count

PG = "postgresql://postgres@127.0.0.1:5432"
DB = "xxgk_bench_processes"
AGENCY = "000000019"  # benchmarks.bench_portal's agency


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(env: dict[str, str], count: int) -> tuple[list[subprocess.Popen[bytes]], list[str]]:
    processes, urls = [], []
    for _ in range(count):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "xxgk.cli", "serve", "--no-worker", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
    return processes, urls


Path = Callable[[random.Random, int], str]  # each request's path, from the client's rng and a serial


def choose(paths: list[str]) -> Path:
    """Requests spread at random over a fixed set of paths."""
    return lambda rng, n: rng.choice(paths)


def load(
    urls: list[str], make_path: Path, clients: int, seconds: float, etags: bool = False
) -> tuple[float, float, float]:
    """(requests/s, median ms, 95th percentile ms) over all clients. With `etags`, a client asks again
    with the ETag it was given for that path (If-None-Match) and a 304 is an answer too."""
    import urllib3

    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    serial = count()
    expected = (200, 304) if etags else (200,)

    def client(n: int) -> None:
        pool = urllib3.PoolManager(maxsize=1)
        rng = random.Random(n)
        base = urls[n % len(urls)]
        known: dict[str, str] = {}
        mine = []
        while time.monotonic() < stop:
            path = make_path(rng, next(serial))
            headers = {"If-None-Match": known[path]} if path in known else {}
            t0 = time.perf_counter()
            response = pool.request("GET", base + path, headers=headers, retries=False)
            assert response.status in expected, (path, response.status)
            mine.append((time.perf_counter() - t0) * 1000)
            if etags and response.headers.get("ETag"):
                known[path] = response.headers["ETag"]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return len(latencies) / seconds, statistics.median(latencies), latencies[int(len(latencies) * 0.95)]


def prepare(db: str, var_dir: str, secret: str) -> tuple[dict[str, str], subprocess.Popen[bytes]]:
    """The PostgreSQL database `db` (created if missing) and a private redis-server: the environment
    of the `xxgk serve` processes, and the Redis process to stop at the end."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            admin.execute(f"CREATE DATABASE {db}")
    redis_port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "XXGK_DATABASE_URL": f"{PG}/{db}",
        "XXGK_CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "XXGK_VAR_DIR": var_dir,
        "XXGK_SECRET_KEY": secret,
        "XXGK_LOG_LEVEL": "ERROR",
    }
    return env, redis


def fill(env: dict[str, str], items: int) -> None:
    """Published items of benchmarks.bench_portal's agency, kept in the database for the next run."""
    print(f"filling {items} items (kept for the next run) …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_portal", "--items", str(items), "--repeat", "1"],
        env={**env, "XXGK_ALLOWED_HOSTS": "testserver"},
        stdout=subprocess.DEVNULL,
        check=True,
    )
    import psycopg

    # As a production server's autovacuum would after a load (this machine's test server runs without
    # it): the visibility map lets list pages walk the index alone, and the planner knows the table.
    with psycopg.connect(env["XXGK_DATABASE_URL"], autocommit=True) as db:
        db.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    env, redis = prepare(DB, tempfile.mkdtemp(prefix="xxgk-bench-processes-"), "bench-processes-secret")
    fill(env, args.items)
    pages = [f"/gk/{AGENCY}/items/?page={n}" for n in range(1, 51)]
    rows = []
    try:
        for label, count, paths in (
            ("baseline /healthz, 1 process", 1, ["/healthz"]),
            ("portal list, 1 process", 1, pages),
            ("portal list, 2 processes", 2, pages),
        ):
            processes, urls = start(env, count)
            try:
                load(urls, choose(paths), args.clients, 2)  # warm up: connections, caches
                rows.append((label, *load(urls, choose(paths), args.clients, args.seconds)))
            finally:
                for p in processes:
                    p.terminate()
                for p in processes:
                    p.wait(30)
    finally:
        redis.terminate()
    print(f"{args.clients} clients, {args.seconds:.0f} s each, {os.cpu_count()} cores")
    print(f"{'':32} {'req/s':>8} {'median ms':>10} {'p95 ms':>8}")
    for label, rate, median, p95 in rows:
        print(f"{label:32} {rate:8.1f} {median:10.1f} {p95:8.1f}")
    print(f"two processes / one: {rows[2][1] / rows[1][1]:.2f}× the requests per second")


if __name__ == "__main__":
    main()
