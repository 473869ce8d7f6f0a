"""The `xxgk` command. Each subcommand calls the same services as the web UI.

Exit codes: 0 success, 1 a check found errors, 2 bad input (with a message naming what is wrong).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """Bad input: printed to stderr, exit code 2."""


def setup_django(migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xxgk.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        with _migration_lock(connection):
            # Planned under the lock: a process that waited sees what the first one migrated.
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                call_command("migrate", interactive=False, verbosity=0)


MIGRATION_LOCK = 0x78786B6D  # "xxkm": the advisory lock every xxgk process migrates under


@contextmanager
def _migration_lock(connection: Any) -> Iterator[None]:
    """Several processes started at once (two web processes, a worker) migrate one after another:
    without it the second fails with "relation … already exists". PostgreSQL only; SQLite's own write
    lock serialises them."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


def parse_date(text: str, what: str = "日期") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{what}“{text}”格式不正确,应为 YYYY-MM-DD,如 2026-09-30") from None


# --- subcommands ---------------------------------------------------------------------------------


def cmd_due(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "起始日期")
    try:
        n = int(args.n)
    except ValueError:
        raise CommandError(f"工作日天数“{args.n}”应为非负整数") from None
    if n < 0:
        raise CommandError(f"工作日天数“{args.n}”应为非负整数")
    setup_django()
    from xxgk.workcal.services import current_calendar

    calendar = current_calendar()
    due = calendar.add(start, n)
    note = calendar.provisional_note(start, due)
    # The date on stdout with its basis (a script splits off the first word); why, on stderr.
    print(due.isoformat() + (" (暂定)" if note else ""))
    if note:
        print(f"暂定:{note}", file=sys.stderr)
    return EXIT_OK


def cmd_calendar_load(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from xxgk.workcal.services import load_year, parse_days

    try:
        holidays = parse_days(" ".join(args.holiday))
        workdays = parse_days(" ".join(args.workday))
        load_year(args.year, holidays=holidays, workdays=workdays, notice=args.notice)
    except ValidationError as exc:
        raise CommandError(";".join(exc.messages)) from None
    print(f"已载入{args.year}年节假日安排:放假{len(set(holidays))}天,调休上班{len(set(workdays))}天")
    return EXIT_OK


def cmd_calendar_show(args: argparse.Namespace) -> int:
    setup_django()
    from xxgk.workcal.services import current_calendar

    cal = current_calendar()
    if not cal.knows(args.year):
        print(f"暂定:{cal.provisional_note(date(args.year, 1, 1))}")
    day = date(args.year, 1, 1)
    off_weekdays, weekend_work = [], []
    while day.year == args.year:
        working = cal.is_working_day(day)
        if day.weekday() < 5 and not working:
            off_weekdays.append(day)
        elif day.weekday() >= 5 and working:
            weekend_work.append(day)
        day += timedelta(days=1)
    print(f"{args.year}年:工作日{cal.count(date(args.year - 1, 12, 31), date(args.year, 12, 31))}天")
    print("工作日放假:" + (" ".join(d.isoformat() for d in off_weekdays) or "无"))
    print("周末调休上班:" + (" ".join(d.isoformat() for d in weekend_work) or "无"))
    return EXIT_OK


def cmd_agency_add(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from xxgk.agencies.services import add_agency

    try:
        agency = add_agency(
            code=args.code, name=args.name, parent_code=args.parent, level=args.level, kind=args.kind
        )
    except ValidationError as exc:
        details = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        text = ";".join(f"{k}: {'、'.join(v)}" if k else "、".join(v) for k, v in details.items())
        raise CommandError(f"无法创建机构:{text}") from None
    print(f"已创建机构:{agency.name}({agency.code})")
    return EXIT_OK


# Source maps and the unused ReDoc page are not served: compressing them took most of a start-up.
STATIC_IGNORED = ["*.map", "redoc*"]


def collect_static() -> None:
    """Collect (and compress) the static files only when their sources changed: a restart of the
    platform, or a second app process on the same disk, does not spend seconds doing it again."""
    import hashlib
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list(STATIC_IGNORED), key=lambda found: found[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".xxgk-collected"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=STATIC_IGNORED)
    stamp.write_text(digest.hexdigest())


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from xxgk.agencies.models import Agency
    from xxgk.agencies.services import ensure_initial_admin

    collect_static()
    user, password = ensure_initial_admin()
    if args.demo:
        from xxgk.annual.demo import DEMO_CODE, load_demo

        if Agency.objects.filter(code=DEMO_CODE).exists():
            print("演示机构已存在(运行 xxgk demo 可重新载入)")
        else:
            print("正在载入演示机构:某区发展和改革委员会……", flush=True)
            for username, demo_password in load_demo().items():
                print(f"演示账号 {username}  密码 {demo_password}")
    if not Agency.objects.exists():
        from xxgk.agencies.services import add_agency

        add_agency(code="000000000", name="本机关(请在后台“机构”中填写名称和代码)")
    url = f"http://{args.host}:{args.port}/"
    print(f"xxgk 已启动:{url}    后台:{url}admin/")
    if password:
        print(f"管理员账号:{user.get_username()}    初始密码:{password}    (请登录后修改)")
    else:
        print(f"管理员账号:{user.get_username()}(已存在;忘记密码可运行 xxgk manage changepassword admin)")
    print(f"数据库:{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}    按 Ctrl+C 停止")
    workers = []
    if not args.no_worker:
        # The task workers run beside the server so that one command starts the whole platform, one
        # for the day's work and one for the slow queue (daily run, federation), restarted when they
        # exit; deployments with several app processes run `xxgk worker` on their own instead.
        from xxgk.supervise import Supervised

        workers = [Supervised(queue).start() for queue in ("default", "slow")]
        print("后台任务进程已启动(年报核查、附件文字提取、导出;每日提醒和联邦同步),退出后自动重启")
    sys.stdout.flush()
    import signal

    from waitress import serve

    from xxgk.wsgi import application

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM as Ctrl+C: the finally below stops the workers first

    signal.signal(signal.SIGTERM, stop)
    try:
        serve(application, host=args.host, port=args.port, threads=args.threads, _quiet=True)
    except KeyboardInterrupt:
        pass
    finally:
        for worker in workers:
            worker.stop()
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from xxgk.background.worker import run

    if not args.drain:
        print("xxgk 后台任务进程已启动,按 Ctrl+C 停止", flush=True)
    run(interval=args.interval, drain=args.drain, verbosity=0 if args.quiet else 1, queue=args.queue)
    return EXIT_OK


def _progress(enabled: bool):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal; nothing when output goes to a file or a pipe."""
    if not enabled:
        return None
    state: dict[str, object] = {}

    def update(n: int, total: int, source: str) -> None:
        from tqdm import tqdm

        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, unit="份", desc="读取年报", file=sys.stderr, leave=False)
        bar.update(1)  # type: ignore[attr-defined]
        bar.set_postfix_str(source[-40:], refresh=False)  # type: ignore[attr-defined]
        if n == total:
            bar.close()  # type: ignore[attr-defined]

    return update


def _gather(paths: list[str]):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from xxgk.reports.read import find_reports
    from xxgk.reports.review import uploads_from_paths

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise CommandError(f"找不到文件或目录:{missing[0]}")
    files = find_reports(list(paths))
    if not files:
        raise CommandError("没有找到可读取的年报文件(.txt .html .htm .docx .pdf)")
    return uploads_from_paths(files)


def _links(path: str, allow_private: bool) -> list[Any]:
    """`--urls`: the links' reports read and checked, in the shape check_uploads gives."""
    from pathlib import Path

    from xxgk.reports.fetch import Fetcher, parse_list
    from xxgk.reports.review import check_links
    from xxgk.textsafe import clean

    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"找不到网址清单:{path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"网址清单 {path} 不是 UTF-8 文本") from None
    listed, problems = parse_list(clean(text))
    if problems:
        raise CommandError(f"网址清单 {path} {problems[0]}")
    if not listed:
        raise CommandError(f"网址清单 {path} 中没有网址")
    fetcher = Fetcher.for_list([link.url for link in listed], allow_private=allow_private)
    return check_links(listed, fetcher, _progress(sys.stderr.isatty()))


def cmd_compare(args: argparse.Namespace) -> int:
    """Exit 1 when the chain between the two years does not hold (上年结转, 现行有效)."""
    import json
    from pathlib import Path

    from xxgk.reports.compare import as_docx, as_xlsx, compare, summary
    from xxgk.reports.review import read_one
    from xxgk.reports.write.console import render_checklist

    reports = []
    for path in (args.old, args.new):
        (upload,) = _gather([path])
        checked = read_one(upload)
        if checked.report is None:
            raise CommandError(f"无法读取 {path}:{checked.error}")
        if checked.report.tables_unreadable:
            raise CommandError(f"{path}:未能识别表格,无法对比;请使用原始文件(PDF、DOCX 或网页原文)")
        reports.append(checked.report)
    c = compare(*reports)
    if args.json:
        print(json.dumps(c.as_json(), ensure_ascii=False))
    else:
        print(f"== {c.title}")
        print(summary(c))
        for ch in c.changes:
            print(f"  {ch.label}:{ch.old} → {ch.new}({ch.shown_delta})")
        for note in c.notes:
            print(f"  [提示] {note}")
        print(c.chain_note or render_checklist(c.chain))
    if args.xlsx:
        Path(args.xlsx).write_bytes(as_xlsx(c))
    if args.docx:
        Path(args.docx).write_bytes(as_docx(c))
    return EXIT_FINDINGS if c.chain_failed else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from xxgk.reports.review import check_uploads, workbook
    from xxgk.reports.write.console import render_checklist, render_findings, render_tables

    evidence: dict[str, list[Any]] = {}
    if args.urls:
        reads = _links(args.urls, args.allow_private)
        checked = [r.checked for r in reads]
        evidence = {r.checked.source: r.evidence for r in reads}
    elif args.paths:
        checked = check_uploads(_gather(args.paths), _progress(sys.stderr.isatty() and not args.json))
    else:
        raise CommandError("请给出年报文件或目录,或用 --urls 给出网址清单")
    for c in checked:
        fetched = [
            {
                "url": f.url,
                "final_url": f.final_url,
                "fetched_at": f.fetched_at.isoformat(),
                "status": f.status,
                "sha256": f.sha256,
                "bytes": len(f.data),
                "error": f.error,
            }
            for f in evidence.get(c.source, [])
        ]
        if args.json:
            out = c.as_json()
            if fetched:
                out["source"] = c.source  # the link, not where the file was read from
                out["fetched"] = fetched
            print(json.dumps(out, ensure_ascii=False))
            continue
        for f in fetched:
            state = f"错误:{f['error']}" if f["error"] else f"HTTP {f['status']}"
            print(f"   获取 {f['final_url'] or f['url']}  {f['fetched_at']}  {state}  SHA-256 {f['sha256']}")
        if c.report is None:
            print(f"== {c.source}\n  [错误] 无法读取:{c.error}\n")
            continue
        r = c.report
        print(
            f"== {c.source}  ({r.version.value}版格式,{r.year or '年度不明'}年,{r.agency or '机关名称不明'})"
        )
        print(render_tables(r))
        print("核查结果:")
        print(render_findings(c.findings))
        print(render_checklist(c.checklist) + "\n")
    if args.xlsx:
        from pathlib import Path

        Path(args.xlsx).write_bytes(workbook(checked))
    with_errors = sum(1 for c in checked if c.errors)
    with_warnings = sum(1 for c in checked if c.warnings)
    summary = f"共读取{len(checked)}份报告,{with_errors}份有错误,{with_warnings}份有警告"
    if args.xlsx:
        summary += f";工作簿已写入 {args.xlsx}"
    print(summary, file=sys.stderr if args.json else sys.stdout)
    return EXIT_FINDINGS if with_errors else EXIT_OK


def cmd_sum(args: argparse.Namespace) -> int:
    import json

    from xxgk.reports.review import MixedReports, check_sum, check_uploads, sum_reports
    from xxgk.reports.write.console import render_findings, render_tables

    checked = check_uploads(_gather(args.paths), _progress(sys.stderr.isatty() and not args.json))
    unreadable = [c for c in checked if c.report is None]
    if unreadable:
        raise CommandError(f"{unreadable[0].source} 无法读取,不能汇总:{unreadable[0].error}")
    try:
        total = sum_reports([c.report for c in checked if c.report is not None], agency=args.agency)
    except MixedReports as exc:
        raise CommandError(str(exc)) from None
    sum_findings = check_sum(total)
    if args.json:
        out = total.as_json(sum_findings)
        out["source"] = "汇总"
        out["reports"] = [
            {"source": c.source, "findings": [f.as_dict() for f in c.findings]} for c in checked
        ]
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"== 汇总:{len(checked)}份报告,{total.year}年,{total.version.value}版格式")
        print(render_tables(total))
        print("汇总表核查结果:\n" + render_findings(sum_findings) + "\n")
        for c in checked:
            print(f"-- {c.source}\n{render_findings(c.findings)}")
    with_errors = any(c.errors for c in checked) or any(f.severity == "error" for f in sum_findings)
    return EXIT_FINDINGS if with_errors else EXIT_OK


def _agency(code: str | None):  # type: ignore[no-untyped-def]
    from xxgk.agencies.models import Agency

    if code:
        agency = Agency.objects.filter(code=code.strip().upper()).first()
        if agency is None:
            raise CommandError(f"机构代码 {code} 不存在")
        return agency
    agencies = list(Agency.objects.all()[:2])
    if len(agencies) != 1:
        raise CommandError("系统中有多个机构(或没有机构),请用 --agency 指定机构代码")
    return agencies[0]


def _ledger(what: str):  # type: ignore[no-untyped-def]
    """The (import, export) functions of a ledger kind, and how its import summary reads."""
    if what == "applications":
        from xxgk.applications.ledger import export_applications, import_applications

        return import_applications, export_applications, str
    from xxgk.publishing.ledger import export_items, import_items

    def items_summary(counts: dict[str, int]) -> str:
        return f"新增{counts['created']}条,更新{counts['updated']}条,未变{counts['unchanged']}条"

    return import_items, export_items, items_summary


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    setup_django()
    from xxgk.ledgers import LedgerError

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"找不到文件:{path}")
    agency = _agency(args.agency)
    importer, _exporter, describe = _ledger(args.what)
    try:
        summary = importer(agency, path.read_bytes(), path.name)
    except LedgerError as exc:
        raise CommandError(str(exc)) from None
    print(f"{agency.name}:{describe(summary)}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    setup_django()
    from xxgk.ledgers import LedgerError

    agency = _agency(args.agency)
    _importer, exporter, _describe = _ledger(args.what)
    try:
        data = exporter(agency, args.file)
    except LedgerError as exc:
        raise CommandError(str(exc)) from None
    Path(args.file).write_bytes(data)
    print(f"已导出{agency.name}的台账:{args.file}")
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    setup_django()
    from xxgk.applications.retention import purge

    today = parse_date(args.date) if args.date else None
    years = getattr(args, "years", None)
    if years is not None and years < 1:
        raise CommandError("保存年限至少1年")
    result = purge(today, years, dry_run=getattr(args, "dry_run", False))
    verb = "将清除" if getattr(args, "dry_run", False) else "已清除"
    print(
        f"{verb}{result.cases}件申请的申请人个人信息({result.before:%Y-%m-%d}前答复),身份证明等材料{result.documents}份"
    )
    return EXIT_OK


def cmd_daily(args: argparse.Namespace) -> int:
    """The same run as the worker's daily task: each part's daily job in turn (xxgk/daily.py)."""
    setup_django()
    from django.utils import timezone

    from xxgk.daily import run_jobs

    today = parse_date(args.date, "日期") if args.date else timezone.localdate()
    for name, outcome in run_jobs(today).items():
        print(f"{name}:{outcome}")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("send_reminders", *(["--date", args.date] if args.date else []))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from xxgk.annual.demo import DEMO_CODE, load_demo

    passwords = load_demo()
    print(f"已载入演示机构:某区发展和改革委员会({DEMO_CODE})")
    for username, password in passwords.items():
        print(f"  演示账号 {username}  密码 {password}")
    if not passwords:
        print("  演示账号已存在(xinxiyuan 信息员、shenheren 审核人、fuzeren 负责人、gongkaiban 上级公开办)")
    return EXIT_OK


def _report_for(args: argparse.Namespace) -> Any:
    from django.core.exceptions import ValidationError

    from xxgk.annual import services as annual

    agency = _agency(args.agency)
    version = getattr(args, "version", None)
    if version and version not in annual.version_choices():
        raise CommandError(f"格式版本“{version}”应为 2019 或 2021")
    try:
        report = annual.get_or_start(agency, args.year, version)
    except ValidationError as exc:
        raise CommandError(";".join(exc.messages)) from None
    if version and report.version != version:
        report.version = version  # for this build only; the stored draft keeps its version
    return report


def cmd_report_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    setup_django()
    from xxgk.annual import services as annual
    from xxgk.rules.narrative import NarrativeError

    report = _report_for(args)
    fmt = args.format
    try:
        data = annual.export_report(report, fmt)
    except NarrativeError as exc:
        raise CommandError(str(exc)) from None
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"已写出 {args.output}", file=sys.stderr)
    elif fmt in ("docx", "pdf"):
        raise CommandError(f"{fmt} 格式请用 -o 指定输出文件")
    else:
        sys.stdout.write(data.decode() + ("" if data.endswith(b"\n") else "\n"))
    return EXIT_OK


def cmd_report_publish(args: argparse.Namespace) -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied, ValidationError

    from xxgk.annual import services as annual

    report = _report_for(args)
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise CommandError(f"找不到用户“{args.user}”")
    try:
        annual.publish(report, user, acknowledge=args.acknowledge)
    except (ValidationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", [str(exc)])
        print("未发布:", file=sys.stderr)
        for m in messages:
            print(f"  {m}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"已发布 {report}")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    setup_django()
    from xxgk.federation import SyncError, sync_agency, sync_all

    if args.agency:
        try:
            results = [sync_agency(_agency(args.agency))]
        except SyncError as exc:
            print(f"同步失败:{exc}", file=sys.stderr)
            return 1
    else:
        results = sync_all()
    for result in results:
        print(result)
    return 1 if any(r.problems for r in results) else 0


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django(migrate=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xxgk manage", *args.rest])
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xxgk",
        description="xxgk 政府信息公开工作平台 / government information disclosure platform",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令 command")

    def add(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add(
        "sync",
        "从联邦平台同步已发布的信息和年报 / pull published items and reports from federated platforms",
        cmd_sync,
    )
    p.add_argument("--agency", help="只同步此机构代码 / only this agency")
    p = add("serve", "迁移数据库并启动平台 / migrate the database and serve the platform", cmd_serve)
    p.add_argument("--host", default=os.environ.get("XXGK_HOST", "127.0.0.1"), help="监听地址 / address")
    p.add_argument("--port", type=int, default=int(os.environ.get("XXGK_PORT", "8000")), help="端口 / port")
    p.add_argument("--threads", type=int, default=8, help="工作线程数 / worker threads")
    p.add_argument(
        "--demo", action="store_true", help="演示机构不存在时先载入 / load the demo agency first if absent"
    )

    p.add_argument(
        "--no-worker", action="store_true", help="不启动后台任务进程 / do not start the task worker"
    )

    p = add("worker", "后台任务进程 / run the background task worker", cmd_worker)
    p.add_argument(
        "--queue",
        default="*",
        choices=["*", "default", "slow"],
        help="只处理该队列(default:年报核查、附件、导出;slow:每日任务、联邦同步);默认全部 / queue",
    )
    p.add_argument("--interval", type=float, default=1.0, help="无任务时的轮询间隔(秒)/ poll interval")
    p.add_argument(
        "--drain", action="store_true", help="运行完现有任务后退出 / run the waiting tasks, then exit"
    )
    p.add_argument("--quiet", action="store_true", help="不输出每个任务的日志 / no log per task")

    p = add("due", "计算START之后第N个工作日 / the date N working days after START", cmd_due)
    p.add_argument("start", metavar="START", help="起始日期 YYYY-MM-DD(当天不计)/ start date, not counted")
    p.add_argument("n", metavar="N", help="工作日天数 / number of working days")

    cal = sub.add_parser("calendar", help="工作日历 / working-day calendar")
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="子命令 subcommand", required=True)
    p = cal_sub.add_parser(
        "load",
        help="载入某年节假日安排 / load a year's holiday arrangement",
        description="载入某年节假日安排(国务院办公厅通知)/ load a year's holiday arrangement",
    )
    p.set_defaults(func=cmd_calendar_load)
    p.add_argument("year", type=int, help="年份 / year")
    p.add_argument(
        "--holiday", action="append", default=[], metavar="DATE[:DATE]", help="放假日期或范围 / days off"
    )
    p.add_argument(
        "--workday", action="append", default=[], metavar="DATE[:DATE]", help="调休上班日期 / make-up days"
    )
    p.add_argument("--notice", default="", help="依据的通知 / the notice it follows")
    p = cal_sub.add_parser("show", help="显示某年的放假与调休 / show a year's arrangement")
    p.set_defaults(func=cmd_calendar_show)
    p.add_argument("year", type=int, help="年份 / year")

    agency = sub.add_parser("agency", help="机构管理 / agencies")
    agency_sub = agency.add_subparsers(dest="agency_command", metavar="子命令 subcommand", required=True)
    p = agency_sub.add_parser("add", help="新增机构 / add an agency", description="新增机构 / add an agency")
    p.set_defaults(func=cmd_agency_add)
    p.add_argument("--code", required=True, help="统一社会信用代码或组织机构代码 / agency code")
    p.add_argument("--name", required=True, help="机构名称 / name")
    p.add_argument("--parent", help="上级机构代码 / parent agency code")
    p.add_argument("--level", default="county", help="层级 national|province|city|county|township")
    p.add_argument("--kind", default="department", help="类型 government|department|other")

    p = add("check", "读取并核查年报 / read and check annual reports", cmd_check)
    p.add_argument("paths", nargs="*", metavar="PATH", help="年报文件或目录(.txt .html .htm .docx .pdf)")
    p.add_argument(
        "--urls",
        metavar="LIST",
        help="网址清单:每行一个网址,或 CSV“机构名称,年报网址” / a list of links to fetch and check",
    )
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="允许获取本机或内网地址 / allow loopback and private addresses",
    )
    p.add_argument("--json", action="store_true", help="每份报告输出一行 JSON / one JSON object per line")
    p.add_argument("--xlsx", metavar="OUT", help="写出核查工作簿 / write the reviewer's workbook")

    p = add(
        "compare", "对比同一机关两个年度的年报 / two years of one agency's report side by side", cmd_compare
    )
    p.add_argument("old", metavar="OLD", help="上一年度的年报文件")
    p.add_argument("new", metavar="NEW", help="本年度的年报文件")
    p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    p.add_argument("--xlsx", metavar="OUT", help="写出对比工作簿 / write the comparison as XLSX")
    p.add_argument("--docx", metavar="OUT", help="写出对比说明 / write the comparison as DOCX")

    p = add("sum", "汇总同一年度、同一格式的年报 / sum reports of one year and version", cmd_sum)
    p.add_argument("paths", nargs="+", metavar="PATH", help="年报文件或目录")
    p.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    p.add_argument("--agency", help="汇总报告的机关名称 / name for the summary")

    for verb, func, text in (
        ("import", cmd_import, "导入台账 / import a ledger"),
        ("export", cmd_export, "导出台账 / export a ledger"),
    ):
        p = add(verb, text, func)
        p.add_argument(
            "what", choices=["applications", "items"], help="applications 依申请公开 / items 主动公开"
        )
        p.add_argument("file", metavar="FILE", help=".xlsx 或 UTF-8 .csv")
        p.add_argument("--agency", help="机构代码(只有一个机构时可省略)/ agency code")

    p = add("remind", "发送答复期限提醒邮件 / e-mail deadline reminders (daily)", cmd_remind)
    p.add_argument("--date", help="按哪一天计算 YYYY-MM-DD / as of this day")

    p = add(
        "purge",
        "清除保存期限届满的申请人个人信息 / purge applicants' personal data past retention (daily)",
        cmd_purge,
    )
    p.add_argument("--dry-run", action="store_true", help="只列出数量,不清除 / count only")
    p.add_argument("--years", type=int, help="保存年限(默认 XXGK_RETENTION_YEARS)/ retention in years")
    p.add_argument("--date", help="按哪一天计算 YYYY-MM-DD / as of this day")

    p = add(
        "daily",
        "每日计划任务:期限提醒、清除过期个人信息、联邦同步 / the daily run: remind, purge, federation",
        cmd_daily,
    )
    p.add_argument("--date", help="按哪一天计算 YYYY-MM-DD / as of this day")

    add("demo", "载入(重新载入)演示机构 / load (again) the demo agency", cmd_demo)

    report = sub.add_parser("report", help="年度报告 / annual reports")
    report_sub = report.add_subparsers(dest="report_command", metavar="子命令 subcommand", required=True)
    for name, help_text, func in (
        ("build", "根据记录生成年报 / build the annual report from the records", cmd_report_build),
        (
            "publish",
            "核查并发布年报:有错误不发布,有警告须加 --acknowledge / check and publish",
            cmd_report_publish,
        ),
    ):
        p = report_sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument("--year", type=int, required=True, help="年度 / year")
        p.add_argument("--agency", help="机构代码(只有一个机构时可省略)/ agency code")
        if name == "build":
            p.add_argument("--version", help="格式版本 2019|2021(默认按年度)/ format version")
            p.add_argument(
                "--format",
                choices=["text", "html", "docx", "pdf", "json"],
                default="text",
                help="输出格式 / format",
            )
            p.add_argument("-o", "--output", help="输出文件 / output file")
        else:
            p.add_argument(
                "--user", required=True, help="发布人的用户名(审核人或负责人)/ publisher's username"
            )
            p.add_argument(
                "--acknowledge", action="store_true", help="确认全部警告 / acknowledge the warnings"
            )

    p = add("manage", "Django 管理命令 / Django management commands", cmd_manage)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"xxgk: 错误:{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
