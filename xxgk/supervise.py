"""The worker processes that `xxgk serve` starts beside the web server, kept running: one that
exits (the database went away for good, an out-of-memory kill, a crash) is logged with why and
started again after a growing pause; a pause resets once it has run a while."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

logger = logging.getLogger("xxgk.supervise")
PAUSES = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
HEALTHY = 300.0  # seconds running after which a worker counts as recovered
PARENT_ENV = "XXGK_SUPERVISOR_PID"


class Supervised:
    """One `xxgk worker --queue Q` child, restarted when it exits until stop()."""

    def __init__(self, queue: str, command: list[str] | None = None) -> None:
        self.queue = queue
        self.command = command or [sys.executable, "-m", "xxgk.cli", "worker", "--quiet", "--queue", queue]
        # The worker stops by itself if this process dies without stopping it (kill -9, a crash).
        self.env = {**os.environ, PARENT_ENV: str(os.getpid())}
        self.restarts = 0
        self._stop = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._watch, name=f"xxgk-supervise-{queue}", daemon=True)

    def start(self) -> Supervised:
        self._process = subprocess.Popen(self.command, env=self.env)
        self._thread.start()
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def _watch(self) -> None:
        failures = 0
        started = time.monotonic()
        while not self._stop.is_set():
            process = self._process
            if process is None or process.poll() is None:
                self._stop.wait(0.5)
                continue
            if self._stop.is_set():
                break
            if time.monotonic() - started > HEALTHY:
                failures = 0
            pause = PAUSES[min(failures, len(PAUSES) - 1)]
            logger.error(
                "后台任务进程(队列 %s)已退出,退出码 %s;%s秒后重新启动", self.queue, process.returncode, pause
            )
            print(f"后台任务进程(队列 {self.queue})已退出,退出码 {process.returncode};{pause:g}秒后重新启动",
                  file=sys.stderr, flush=True)  # fmt: skip
            if self._stop.wait(pause):
                break
            failures += 1
            self.restarts += 1
            started = time.monotonic()
            self._process = subprocess.Popen(self.command, env=self.env)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM: the worker finishes the task in hand, then stops; killed after `timeout`."""
        self._stop.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        self._thread.join(2)
