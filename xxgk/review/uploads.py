"""Turning what a person uploads (files, zips) into reports to read, refusing what is dangerous.

Nothing is ever extracted to disk: zip members are read in memory, with their declared and real
sizes capped, so neither path traversal nor a zip bomb can do harm; both are reported.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import BinaryIO

from xxgk.reports.read import SUFFIXES
from xxgk.reports.review import Upload

MAX_FILE = 20 * 1024 * 1024  # one report
MAX_TOTAL = 200 * 1024 * 1024  # everything unpacked from one upload
MAX_FILES = 1000
MAX_RATIO = 100  # compressed → unpacked; real reports compress 3–10×


@dataclass
class Expanded:
    uploads: list[Upload] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, why)


def _zip_name(info: zipfile.ZipInfo) -> str:
    # Zips made on Chinese Windows store names in GBK without the UTF-8 flag; Python reads them as cp437.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def expand(name: str, data: bytes | BinaryIO, out: Expanded | None = None) -> Expanded:
    """Files as they are, zips member by member (one level deep). `data` may be an open file (an
    upload spooled to disk): a ZIP is then read member by member from it, never whole."""
    out = out or Expanded()
    suffix = PurePosixPath(name).suffix.lower()
    size = len(data) if isinstance(data, bytes) else _size(data)
    if size > (MAX_TOTAL if suffix == ".zip" else MAX_FILE):
        limit = MAX_TOTAL if suffix == ".zip" else MAX_FILE
        out.rejected.append((name, f"文件超过{limit // 1024 // 1024}MB,未读取"))
    elif suffix in SUFFIXES:
        out.uploads.append(Upload(name, data if isinstance(data, bytes) else data.read(MAX_FILE + 1), name))
    elif suffix == ".zip":
        _expand_zip(name, data, out)
    else:
        out.rejected.append(
            (name, f"不支持的文件类型“{suffix or '无扩展名'}”(支持 {' '.join(SUFFIXES)} 和 .zip)")
        )
    return out


def _size(stream: BinaryIO) -> int:
    position = stream.tell()
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def _expand_zip(name: str, data: bytes | BinaryIO, out: Expanded) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile:
        out.rejected.append((name, "不是有效的 ZIP 文件"))
        return
    total = 0
    with archive:
        for info in archive.infolist():
            member = _zip_name(info)
            shown = f"{name}!{member}"
            if info.is_dir():
                continue
            if _unsafe(member):
                out.rejected.append((shown, "路径不安全(含“..”或绝对路径),已拒绝"))
                continue
            suffix = posixpath.splitext(member)[1].lower()
            if suffix not in SUFFIXES:
                out.rejected.append((shown, f"不支持的文件类型“{suffix or '无扩展名'}”,已跳过"))
                continue
            if info.file_size > MAX_FILE:
                out.rejected.append((shown, f"解压后超过{MAX_FILE // 1024 // 1024}MB"))
                continue
            if info.compress_size and info.file_size > MAX_RATIO * info.compress_size + 1024 * 1024:
                out.rejected.append((shown, "压缩比异常,疑为压缩炸弹,已拒绝"))
                continue
            if total + info.file_size > MAX_TOTAL or len(out.uploads) >= MAX_FILES:
                out.rejected.append((shown, "压缩包内容过多,超出部分未读取"))
                break
            try:
                with archive.open(info) as stream:
                    content = stream.read(MAX_FILE + 1)  # never trust the declared size alone
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:
                out.rejected.append((shown, f"无法解压:{exc}"))
                continue
            if len(content) > MAX_FILE:
                out.rejected.append((shown, "实际解压大小超过声明,疑为压缩炸弹,已拒绝"))
                continue
            total += len(content)
            out.uploads.append(Upload(posixpath.basename(member), content, shown))
