"""Readers: a published report in any of its forms → AnnualReport."""

from __future__ import annotations

from pathlib import Path

from xxgk.reports.interpret import interpret
from xxgk.reports.tokens import Token
from xxgk.rules.report import AnnualReport

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".jpg", ".jpeg", ".png")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
MAX_BYTES = 50 * 1024 * 1024  # a report larger than this is not a report


class UnreadableReport(ValueError):
    """The file cannot be read as a report at all (not text, corrupt, wrong type)."""


def tokenize(data: bytes, name: str) -> list[Token]:
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise UnreadableReport(f"{name}:文件超过{MAX_BYTES // 1024 // 1024}MB,不予读取")
    if suffix == ".txt":
        from xxgk.reports.read.text import decode, tokenize_text

        return tokenize_text(decode(data))
    if suffix in (".html", ".htm"):
        from xxgk.reports.read.html import tokenize_html

        return tokenize_html(data)
    if suffix in IMAGE_SUFFIXES:
        data, suffix = _image_as_pdf(data, name), ".pdf"  # a photographed or scanned page: OCR
    if suffix in (".docx", ".pdf"):
        from xxgk.reports.read.docx import tokenize_docx
        from xxgk.reports.read.pdf import tokenize_pdf

        reader = tokenize_docx if suffix == ".docx" else tokenize_pdf
        try:
            return reader(data)
        except UnreadableReport as exc:
            raise UnreadableReport(f"{name}:{exc}") from None
        except Exception as exc:
            # Third-party parsers raise many kinds of errors on damaged files; to a person they all
            # mean the same thing.
            raise UnreadableReport(f"{name}:文件已损坏或不完整,无法解析({type(exc).__name__})") from None
    raise UnreadableReport(f"{name}:不支持的文件类型“{suffix or '无扩展名'}”(支持 {' '.join(SUFFIXES)})")


def _image_as_pdf(data: bytes, name: str) -> bytes:
    """An image as a one-page PDF of its size at its resolution, for the PDF reader's OCR."""
    import io

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million; more is a bomb
    try:
        with Image.open(io.BytesIO(data)) as image:
            dpi = image.info.get("dpi", (200, 200))[0] or 200
            out = io.BytesIO()
            image.convert("L").save(out, format="PDF", resolution=float(dpi))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise UnreadableReport(f"{name}:不是有效的图片文件({type(exc).__name__})") from None
    return out.getvalue()


def read_bytes(data: bytes, name: str, source: str | None = None) -> AnnualReport:
    return interpret(tokenize(data, name), source=source if source is not None else name)


def read_with_tokens(data: bytes, name: str, source: str | None = None) -> tuple[AnnualReport, list[Token]]:
    """The report and the token stream it was read from (shown beside the findings)."""
    tokens = tokenize(data, name)
    return interpret(tokens, source=source if source is not None else name), tokens


def read_path(path: str | Path) -> AnnualReport:
    path = Path(path)
    return read_bytes(path.read_bytes(), path.name, source=str(path))


def find_reports(paths: list[str | Path]) -> list[Path]:
    """Files to read: each file given, and every report file below each folder given, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found
