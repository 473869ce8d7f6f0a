"""Parsing files that come from outside (attachments, uploaded reports, ledgers) within limits.

A parser given a hostile file can run for minutes or take gigabytes (a DOCX of 1.2 MB whose
document.xml unpacks to 300 MB). Here every such parse has limits that do not depend on the parser
behaving: the container is measured before it is opened, and the parse itself runs in a child
process with a wall-clock timeout and an address-space cap, so the server process keeps its memory
and its time. Callers do this before they open a database transaction, never inside one.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
import zipfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

# An office file (DOCX, XLSX) is a ZIP of XML: real ones unpack to a few MB at ratios below 20.
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 10_000
PARSE_SECONDS = 60.0
# Address space of the parsing process (not its resident memory): a scan's second OCR engine
# (onnxruntime) reserves about 1 GB of it when it loads its models; a hostile file still meets a cap.
PARSE_MEMORY = 3 * 1024 * 1024 * 1024


# The first bytes of the kinds of file the platform takes, by the suffix a file is given.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def content_matches(suffix: str, head: bytes) -> bool:
    """Whether a file's first bytes (1 KB) are of the kind its name says. A PDF's header may follow
    a little junk, as readers allow; every other kind starts with its signature."""
    signatures = SIGNATURES.get(suffix, ())
    if suffix == ".pdf":
        return any(sig in head[:1024] for sig in signatures)
    return any(head.startswith(sig) for sig in signatures)


class UntrustedFileError(ValueError):
    """The file is refused: too large, a zip bomb, too slow or too big to parse. The message says
    which, in Chinese, for the person who uploaded it."""


def check_zip_container(data: bytes | io.BufferedIOBase, name: str) -> None:
    """Refuse an OOXML or ZIP file whose members would unpack beyond the limits (declared sizes and
    the compression ratio, checked before anything is decompressed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UntrustedFileError(f"“{name}”不是有效的文件(无法按 ZIP 格式打开)") from None
    if len(infos) > MAX_MEMBERS:
        raise UntrustedFileError(f"“{name}”包含的部件过多({len(infos)}个),不予读取")
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * packed + 1024 * 1024:
        size, ratio = unpacked // 1024 // 1024, unpacked // packed
        raise UntrustedFileError(f"“{name}”解压后达{size}MB(压缩比{ratio}倍),疑为压缩炸弹,不予读取")


def _address_space() -> int:
    """The process's current virtual size (Linux), so that the cap limits what a parse adds."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def _serve(conn: Connection, memory: int) -> None:
    """The parsing process: run jobs until the parent closes the pipe. After a MemoryError its heap
    may be in any state, so it says so and ends; the parent starts a fresh one."""
    try:
        import resource

        cap = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):  # pragma: no cover - Windows has no rlimits
        pass
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", func(*args)))
        except MemoryError:
            conn.send(("memory", None))
            return
        except BaseException as exc:  # the parent turns it into one clear message
            conn.send(("error", (type(exc).__name__, str(exc)[:500], isinstance(exc, ValueError))))


def _context() -> Any:
    # spawn, not fork: a forked child would inherit the server's open database connections and keep
    # their sessions alive (PostgreSQL then cannot drop or restart them cleanly). The parsing process
    # is long-lived, so its start-up (~0.5 s, once) does not matter.
    return multiprocessing.get_context("spawn")


class _Parser:
    """One long-lived parsing process per server process (a new process per file cost ~50 ms even
    forked), replaced whenever a job overruns its time or its memory."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: Any = None
        self.conn: Connection | None = None
        self.pid = 0

    def _start(self, memory: int) -> Connection:
        ctx = _context()
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child, memory), daemon=True, name="xxgk-parser")
        process.start()
        child.close()
        self.process, self.conn, self.pid = process, parent, os.getpid()
        return parent

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    def run(
        self, func: Callable[..., Any], args: tuple[Any, ...], name: str, seconds: float, memory: int
    ) -> Any:
        with self.lock:
            alive = self.process is not None and self.pid == os.getpid() and self.process.is_alive()
            conn = self.conn if alive and self.conn is not None else self._start(memory)
            try:
                conn.send((func, args))
            except (BrokenPipeError, OSError):
                self.stop()
                conn = self._start(memory)
                conn.send((func, args))
            if not conn.poll(seconds):
                self.stop()
                raise UntrustedFileError(f"“{name}”解析超过{seconds:.0f}秒仍未完成,已中止,不予读取")
            try:
                status, payload = conn.recv()
            except (EOFError, OSError):
                self.stop()
                status, payload = "memory", None
            if status == "memory":
                self.stop()
                raise UntrustedFileError(
                    f"“{name}”解析时超出资源限制(内存{memory // 1024 // 1024}MB),不予读取"
                )
            return status, payload


_PARSERS: dict[int, _Parser] = {}


def run_limited(
    func: Callable[..., T],
    *args: Any,
    name: str,
    seconds: float = PARSE_SECONDS,
    memory: int = PARSE_MEMORY,
) -> T:
    """func(*args) in the parsing process, stopped after `seconds`, its memory growth capped. `func`
    must be a module-level function and its arguments and result picklable. A ValueError it raises
    comes back as one (its message kept); any other failure, the timeout and the memory cap as
    UntrustedFileError."""
    if os.environ.get("XXGK_PARSE_IN_PROCESS") == "1":  # debugging only: no limits
        return func(*args)
    parser = _PARSERS.setdefault(memory, _Parser())
    status, payload = parser.run(func, args, name, seconds, memory)
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    kind, message, is_value_error = payload
    if is_value_error:
        raise ValueError(message)
    raise UntrustedFileError(f"“{name}”无法解析({kind})")
