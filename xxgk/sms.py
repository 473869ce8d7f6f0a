"""Text messages to applicants (短信通知), through a gateway chosen by XXGK_SMS_BACKEND:

- `console` (default): written to the log, for a platform without a gateway yet;
- `file`: one JSON line a message appended to XXGK_SMS_FILE, for tests and for an operator who
  forwards them by other means;
- `http`: POST {"phone", "text"} as JSON to XXGK_SMS_URL (with `Authorization: Bearer
  XXGK_SMS_TOKEN` when set) — the shape most government SMS platforms' adapters accept; any 2xx
  answer is success.
A failure raises SmsError with a reason for the case's trail; nothing is retried silently.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.conf import settings

log = logging.getLogger("xxgk.sms")


class SmsError(RuntimeError):
    pass


def send(phone: str, text: str) -> None:
    backend = getattr(settings, "XXGK_SMS_BACKEND", "console")
    sender = BACKENDS.get(backend)
    if sender is None:
        raise SmsError(f"短信网关设置有误:XXGK_SMS_BACKEND={backend}")
    sender(phone, text)


def _console(phone: str, text: str) -> None:
    log.info("短信 %s:%s", phone, text)


def _file(phone: str, text: str) -> None:
    path = Path(settings.XXGK_SMS_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"phone": phone, "text": text}, ensure_ascii=False) + "\n")


def _http(phone: str, text: str) -> None:
    import urllib3

    url = settings.XXGK_SMS_URL
    if not url:
        raise SmsError("短信网关地址未设置(XXGK_SMS_URL)")
    headers = {"Content-Type": "application/json"}
    if settings.XXGK_SMS_TOKEN:
        headers["Authorization"] = f"Bearer {settings.XXGK_SMS_TOKEN}"
    body = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode()
    try:
        answer = urllib3.request(
            "POST", url, body=body, headers=headers, timeout=urllib3.Timeout(total=10), retries=False
        )
    except urllib3.exceptions.HTTPError as exc:
        raise SmsError(f"短信网关无法连接:{type(exc).__name__}") from None
    if not 200 <= answer.status < 300:
        raise SmsError(f"短信网关拒绝发送(HTTP {answer.status})")


BACKENDS = {"console": _console, "file": _file, "http": _http}
