"""A local HTTP server standing in for agencies' sites: it serves ../shared/reports/ and a few
pages that behave as real sites (and hostile ones) do. Tests never fetch from the network."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "reports"
TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


class ReportSite:
    def __init__(self) -> None:
        self.requests: list[tuple[float, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.requests.append((time.monotonic(), self.path))
                site.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes, status: int = 200, **headers: str) -> None:
        self.pages[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?")[0]
        if path == "/slow":
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.end_headers()
            for _ in range(100):
                request.wfile.write(b"<p>slow</p>")
                request.wfile.flush()
                time.sleep(0.05)
            return
        if path == "/endless":
            request.send_response(200)
            request.send_header("Content-Type", "application/pdf")
            request.end_headers()
            chunk = b"%PDF-1.4 " + b"0" * 65536
            try:
                for _ in range(1000):
                    request.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path in self.pages:
            status, headers, body = self.pages[path]
        elif path.startswith("/reports/") and (CORPUS / path.removeprefix("/reports/")).is_file():
            file = CORPUS / path.removeprefix("/reports/")
            status, headers, body = 200, {"Content-Type": TYPES.get(file.suffix, "")}, file.read_bytes()
        else:
            status, headers, body = 404, {"Content-Type": "text/html"}, b"<h1>404</h1>"
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
