"""Large exports, built by the worker: the web page asks for one and shows it when it is ready.

Each part of the work registers its kinds (in its AppConfig.ready): how to find the object for a
user (the permission check, run when the export is asked for and again when it is built) and how
to build the file. One table of handlers, one door for every export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from xxgk.background.models import Export, ExportState


@dataclass(frozen=True)
class ExportKind:
    label: str  # 依申请公开台账
    target: Callable[[AbstractBaseUser, int], Any]  # the object, if this user may export it
    build: Callable[[Any], tuple[bytes, str, str]]  # (data, file name, content type)
    title: Callable[[Any], str]


EXPORT_KINDS: dict[str, ExportKind] = {}


def register(kind: str, spec: ExportKind) -> None:
    EXPORT_KINDS[kind] = spec


def request_export(kind: str, object_id: int, user: AbstractBaseUser) -> Export:
    spec = EXPORT_KINDS.get(kind)
    if spec is None:
        raise ValidationError("未知的导出类型")
    target = spec.target(user, object_id)  # PermissionDenied or Http404 when not theirs
    from xxgk.background import queue

    with transaction.atomic():
        export = Export.objects.create(
            kind=kind, object_id=object_id, requested_by=user, title=spec.title(target)[:200]
        )
        queue.enqueue("background.build_export", export.pk)
    return export


def build(export_id: int) -> None:
    export = Export.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.state != ExportState.QUEUED:
        return
    spec = EXPORT_KINDS[export.kind]
    try:
        # Permissions again: a role may have been taken away since the export was asked for.
        target = spec.target(export.requested_by, export.object_id)
        data, name, content_type = spec.build(target)
    except (PermissionDenied, Http404):
        export.state, export.error = ExportState.FAILED, "您已无权导出该内容"
    except Exception as exc:  # the page says it failed; the worker goes on
        export.state, export.error = ExportState.FAILED, f"生成失败({type(exc).__name__}):{exc}"[:2000]
    else:
        export.file.save(name, ContentFile(data), save=False)
        export.file_name, export.content_type, export.state = name, content_type, ExportState.DONE
    export.finished_at = timezone.now()
    export.save()


def export_for(user: AbstractBaseUser, pk: int) -> Export:
    """An export is its requester's only (it may hold applicants' data)."""
    export = Export.objects.filter(pk=pk).first()
    if export is None or export.requested_by_id != user.pk:
        raise Http404
    return export
