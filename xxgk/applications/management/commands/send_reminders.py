from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xxgk.applications.reminders import send_reminders


class Command(BaseCommand):
    help = "发送答复期限提醒邮件(每天由计划任务运行一次;同一天重复运行不会重复发送)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="按哪一天计算(YYYY-MM-DD),默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期“{options['date']}”格式不正确,应为 YYYY-MM-DD") from None
        run = send_reminders(today)
        self.stdout.write(
            f"已发送{run.mails}封提醒邮件,涉及{run.cases}件申请;今天已提醒过的{run.skipped}件未重复发送"
        )
        for problem in run.problems or []:
            self.stderr.write(problem)
