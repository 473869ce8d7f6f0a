"""年报核查 of a whole region through the web path: one upload of N reports (real ones repeated,
generated ones, some scanned), checked by a real `xxgk worker` process while the page's progress
is polled, as a reviewer's browser does.

Measured: the upload request, time to first result, reports/s of the batch, the worker's peak
memory (worker and its parsing process), OCR seconds per scanned page. Baseline in the same run:
the same files read and checked in this process with no queue (what `xxgk check` does).

    ./dev bench batch [--total 500] [--scanned 20]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "reports"


def corpus(folder: Path, total: int, scanned: int) -> list[Path]:
    from PIL import Image

    from benchmarks.generate import write_corpus

    real = sorted(p for p in REAL.glob("*") if p.suffix in (".pdf", ".html"))
    pdfs = [p for p in real if p.suffix == ".pdf"]
    files: list[Path] = []
    for n in range(scanned):  # image-only PDFs rendered from the real ones at 150 dpi
        source = pdfs[n % len(pdfs)]
        pages = folder / f"scan-{n}"
        pages.mkdir(parents=True)
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(source), str(pages / "p")], check=True)
        images = [Image.open(p).convert("L") for p in sorted(pages.glob("p-*.png"))]
        out = folder / f"scan-{n:02d}-{source.stem}.pdf"
        images[0].save(out, save_all=True, append_images=images[1:], resolution=150)
        files.append(out)
    repeats = max(1, (total - scanned) // 8 // len(real))
    for n in range(repeats):
        for p in real:
            copy = folder / f"real-{n:03d}-{p.name}"
            copy.write_bytes(p.read_bytes())
            files.append(copy)
    rest = total - len(files)
    counts = {"txt": rest // 3, "html-site": rest // 3, "docx": rest - 2 * (rest // 3) - 12, "pdf": 12}
    for paths in write_corpus(folder / "generated", counts).values():
        files.extend(paths)
    import random

    random.Random(2026).shuffle(files)  # uploads come in the agencies' order, scans among the rest
    return files


def peak_memory(pid: int) -> int:
    """Peak resident memory (kB) of a process and its children (the parsing process)."""
    total = 0
    pids = [str(pid)]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += children.read_text().split()
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total", type=int, default=500)
    parser.add_argument("--scanned", type=int, default=20)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    os.environ.update(
        XXGK_VAR_DIR=str(tmp / "var"),
        XXGK_DATABASE_URL=os.environ.get("XXGK_BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"),
        XXGK_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="xxgk.settings",
    )
    from xxgk.cli import setup_django

    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from xxgk.agencies.models import Role
    from xxgk.agencies.services import add_agency, grant_role
    from xxgk.reports.review import check_uploads, uploads_from_paths
    from xxgk.rules.codes import uscc_with_check

    t0 = time.perf_counter()
    files = corpus(tmp / "corpus", args.total, args.scanned)
    print(f"corpus: {len(files)} reports ({args.scanned} scanned) in {time.perf_counter() - t0:.0f} s")

    # Baseline, same run: read and check in this process, no queue, no database.
    plain = [f for f in files if not f.name.startswith("scan-")]
    start = time.perf_counter()
    check_uploads(uploads_from_paths(plain))
    baseline_plain = time.perf_counter() - start
    scans = [f for f in files if f.name.startswith("scan-")][:2]
    start = time.perf_counter()
    check_uploads(uploads_from_paths(scans))
    ocr = time.perf_counter() - start
    import pypdfium2

    ocr_pages = sum(len(pypdfium2.PdfDocument(f.read_bytes())) for f in scans)

    from django.contrib.auth import get_user_model

    office = add_agency(code=uscc_with_check("11320800MB0000009"), name="淮安市政务公开办")
    user = get_user_model().objects.create_user("bench", password="Bench-password-2026")
    grant_role(user, office, Role.REVIEWER)
    client = Client()
    client.force_login(user)

    worker = subprocess.Popen(
        [sys.executable, "-m", "xxgk.cli", "worker", "--quiet", "--interval", "0.2"], env=os.environ
    )
    time.sleep(3)  # the worker's start-up is not the batch's time
    uploads = [SimpleUploadedFile(f.name, f.read_bytes()) for f in files]
    start = time.perf_counter()
    response = client.post("/review/", {"agency": office.pk, "title": "bench", "files": uploads[:200]})
    for n in range(200, len(uploads), 200):  # the form takes 200 files a request, as the page does
        client.post("/review/", {"agency": office.pk, "title": f"bench {n}", "files": uploads[n : n + 200]})
    upload_seconds = time.perf_counter() - start
    batch_url = response["Location"]
    from xxgk.review.models import ReviewBatch

    first = None
    peak = 0
    while True:
        states = [client.get(f"/review/{b.pk}/progress.json").json() for b in ReviewBatch.objects.all()]
        peak = max(peak, peak_memory(worker.pid))
        if first is None and any(s["done"] for s in states):
            first = time.perf_counter() - start
        if all(s["finished"] for s in states):
            break
        time.sleep(0.5)
    total_seconds = time.perf_counter() - start
    worker.terminate()
    worker.wait(30)
    done = sum(s["done"] for s in states)
    unreadable = sum(s["unreadable"] for s in states)
    print(f"batch page: {batch_url}; {done} reports checked, {unreadable} unreadable")
    print(f"{'measure':<42} {'value':>12}")
    rows = [
        ("upload request(s), all files", f"{upload_seconds:.1f} s"),
        ("time to first result", f"{first:.1f} s"),
        ("whole batch", f"{total_seconds:.0f} s"),
        ("reports/s, whole batch (with OCR)", f"{done / total_seconds:.2f}"),
        ("worker peak memory (worker + parser)", f"{peak / 1024:.0f} MB"),
        ("OCR seconds per scanned page", f"{ocr / ocr_pages:.1f} s"),
        ("baseline: in-process reports/s, no OCR", f"{len(plain) / baseline_plain:.1f}"),
        (
            "batch time / (baseline + OCR time)",
            f"{total_seconds / (baseline_plain + ocr / len(scans) * args.scanned):.2f}",
        ),
    ]
    for name, value in rows:
        print(f"{name:<42} {value:>12}")


if __name__ == "__main__":
    main()
