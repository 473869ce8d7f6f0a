"""Fetching published reports from their links, as a careful client of other agencies' sites.

A list of links comes from a reviewer, so every address is hostile until checked: the host is
resolved here and the connection made to the very address that was checked (no second lookup that
DNS rebinding could answer differently); loopback, private, link-local and reserved addresses are
refused unless the operator allowed them; redirects are followed only to hosts on the list; each
response is capped in size and time; requests to one host are spaced out. What came back is kept
with its URL, time and SHA-256 as evidence.

No Django here: the CLI (`xxgk check --urls`) and the worker use the same code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

MAX_BYTES = 20 * 1024 * 1024  # as for an uploaded report
CONNECT_SECONDS = 10.0
READ_SECONDS = 30.0  # between two reads
TOTAL_SECONDS = 60.0  # one whole response
HOST_DELAY = 1.0  # between two requests to one host
MAX_REDIRECTS = 5
USER_AGENT = "xxgk-nianbao-hecha/1.0 (government information disclosure review)"

# What a report may be served as; anything else is refused before its body is read.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".jpg", ".jpeg", ".png")
_CONTENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


class FetchError(Exception):
    """Why a link could not be fetched, in Chinese, for the reviewer."""


@dataclass
class Fetched:
    url: str  # as requested
    final_url: str = ""  # after redirects
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    status: int | None = None
    content_type: str = ""
    data: bytes = b""
    error: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest() if self.data or not self.error else ""

    @property
    def suffix(self) -> str:
        """The kind of document, from the content type, else from the address."""
        kind = _CONTENT_TYPES.get(self.content_type.split(";")[0].strip().lower())
        if kind:
            return kind
        path_suffix = PurePosixPath(urlsplit(self.final_url or self.url).path).suffix.lower()
        if path_suffix in DOCUMENT_SUFFIXES:
            return path_suffix
        return ".pdf" if self.data.startswith(b"%PDF-") else ".html"

    @property
    def file_name(self) -> str:
        name = PurePosixPath(unquote(urlsplit(self.final_url or self.url).path)).name or "index"
        return name if name.lower().endswith(self.suffix) else f"{name}{self.suffix}"


@dataclass(frozen=True)
class Listed:
    """One line of a reviewer's list: the agency as listed (may be empty) and the report's link."""

    url: str
    agency: str = ""


_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def parse_list(text: str) -> tuple[list[Listed], list[str]]:
    """A list of links: one URL a line, or a CSV 机构名称,年报网址 (with or without that header row).
    Returns the links and, for each line that holds no usable link, what is wrong with it."""
    listed: list[Listed] = []
    problems: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [c.strip() for c in row if c.strip()]
        if not cells or cells[0].startswith("#"):
            continue
        urls = [c for c in cells if _URL.fullmatch(c)]
        if not urls:
            if number == 1 and any("网址" in c or "url" in c.lower() for c in cells):
                continue  # the header row
            problems.append(f"第{number}行没有以 http:// 或 https:// 开头的网址:{','.join(cells)[:80]}")
            continue
        agency = next((c for c in cells if c not in urls), "")
        listed.append(Listed(urls[0], agency))
    return listed, problems


def _refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to. Every address the name has must be public: a name resolving to
    one public and one private address could otherwise be used to reach the private one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"无法解析域名“{host}”:{exc}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError(f"无法解析域名“{host}”")
    if not allow_private:
        bad = [a for a in addresses if _refused(a)]
        if bad:
            raise FetchError(
                f"“{host}”指向本机或内网地址({bad[0]}),已拒绝;确需从内网获取,请由管理员允许内网地址"
            )
    return addresses[0]


class HostPacer:
    """Spaces requests to one host by `delay` seconds: a region's reports often sit on one site."""

    def __init__(self, delay: float = HOST_DELAY, clock: Callable[[], float] = time.monotonic) -> None:
        self.delay = delay
        self.clock = clock
        self.last: dict[str, float] = {}

    def wait(self, host: str) -> None:
        previous = self.last.get(host)
        if previous is not None:
            remaining = previous + self.delay - self.clock()
            if remaining > 0:
                time.sleep(remaining)
        self.last[host] = self.clock()


@dataclass
class Fetcher:
    allowed_hosts: set[str]
    allow_private: bool = False
    pacer: HostPacer = field(default_factory=HostPacer)
    max_bytes: int = MAX_BYTES
    total_seconds: float = TOTAL_SECONDS

    @classmethod
    def for_list(cls, urls: Iterable[str], **kwargs: object) -> Fetcher:
        hosts = {(urlsplit(u).hostname or "").lower() for u in urls}
        return cls(allowed_hosts=hosts - {""}, **kwargs)  # type: ignore[arg-type]

    def fetch(self, url: str) -> Fetched:
        """One document, following redirects within the listed hosts. Never raises: a failure is
        in `error`, with whatever was received before it."""
        result = Fetched(url)
        current = url
        try:
            for _ in range(MAX_REDIRECTS + 1):
                status, headers, data = self._get(current)
                result.final_url, result.status = current, status
                if status in (301, 302, 303, 307, 308) and headers.get("location"):
                    target = urljoin(current, headers["location"])
                    host = (urlsplit(target).hostname or "").lower()
                    if host not in self.allowed_hosts:
                        raise FetchError(f"网址重定向到清单以外的网站“{host or target}”,未跟随")
                    current = target
                    continue
                result.content_type = headers.get("content-type", "")
                result.data = data
                if status != 200:
                    raise FetchError(f"网站返回 HTTP {status}")
                return result
            raise FetchError(f"重定向超过{MAX_REDIRECTS}次,已停止")
        except FetchError as exc:
            result.error = str(exc)
        return result

    def _get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        import urllib3

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"只能获取 http:// 或 https:// 网址:{url[:200]}")
        if parts.username or parts.password:
            raise FetchError("网址中不能含用户名或密码")
        host = parts.hostname.lower()
        if host not in self.allowed_hosts:
            raise FetchError(f"“{host}”不在清单所列的网站中,未获取")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(host, port, self.allow_private)
        self.pacer.wait(host)
        timeout = urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS)
        pool: urllib3.HTTPConnectionPool
        if parts.scheme == "https":
            # Connect to the checked address; the certificate is still verified for the host name.
            pool = urllib3.HTTPSConnectionPool(
                address, port, timeout=timeout, retries=False, server_hostname=host, assert_hostname=host
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        default_port = port == (443 if parts.scheme == "https" else 80)
        headers = {
            "Host": host if default_port else f"{host}:{port}",
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/pdf,application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document;q=0.9,*/*;q=0.5",
        }
        started = time.monotonic()
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, preload_content=False, assert_same_host=False
            )
        except urllib3.exceptions.SSLError as exc:
            raise FetchError(f"HTTPS 证书或加密连接有误:{exc}") from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"无法连接“{host}”:{type(exc).__name__}") from None
        try:
            lowered = {k.lower(): v for k, v in response.headers.items()}
            declared = lowered.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"文件超过{self.max_bytes // 1024 // 1024}MB,未下载")
            chunks: list[bytes] = []
            size = 0
            try:
                # read1: whatever has arrived, so a site that trickles bytes meets the total limit too.
                while chunk := response.read1(64 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"文件超过{self.max_bytes // 1024 // 1024}MB,已停止下载")
                    if time.monotonic() - started > self.total_seconds:
                        raise FetchError(f"下载超过{self.total_seconds:.0f}秒仍未完成,已停止")
                    chunks.append(chunk)
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(f"下载中断或超时:{type(exc).__name__}") from None
            return response.status, lowered, b"".join(chunks)
        finally:
            response.release_conn()
            pool.close()


_LINK = re.compile(rb"""<a\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)[^>]*>(.*?)</a\s*>""", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_REPORT_WORDS = ("年度报告", "年报", "报告")


def document_links(html: bytes, base_url: str) -> list[str]:
    """Links on a page to a report as a file (PDF, DOCX), the likeliest first: those whose text or
    address says 年度报告/年报 before any other attachment."""
    found: list[tuple[int, int, str]] = []
    for n, match in enumerate(_LINK.finditer(html[:MAX_BYTES])):
        href = match.group(1).decode("utf-8", "replace").strip()
        target = urljoin(base_url, href)
        suffix = PurePosixPath(urlsplit(target).path).suffix.lower()
        if suffix not in (".pdf", ".docx") or urlsplit(target).scheme not in ("http", "https"):
            continue
        text = _TAG.sub("", match.group(2).decode("utf-8", "replace")) + unquote(target)
        rank = next((i for i, word in enumerate(_REPORT_WORDS) if word in text), len(_REPORT_WORDS))
        found.append((rank, n, target))
    return list(dict.fromkeys(t for _, _, t in sorted(found)))
