"""The one door to background work for services: a task by name. Each app registers its tasks here in
its AppConfig.ready, so a service queues work without importing its tasks module, and a tasks module
(which calls the service) is never imported by it: no circle between them."""

from __future__ import annotations

from typing import Any

TASKS: dict[str, Any] = {}


def register(name: str, task: Any) -> None:
    TASKS[name] = task


def task(name: str) -> Any:
    try:
        return TASKS[name]
    except KeyError:
        raise LookupError(f"后台任务“{name}”没有登记(应在其应用的 AppConfig.ready 中登记)") from None


def enqueue(name: str, *args: Any) -> Any:
    return task(name).enqueue(*args)
