"""Serving issued files: the bytes on disk must match the hash stored when they were issued.

One check for every issued file served: a single issued document (`issued_file_response`) and
a file produced with it, such as a decision's combined certificates PDF (`verified_file_response`
with the hash stored beside that file).
"""

import hashlib
import io
import logging

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string

from core import audit

logger = logging.getLogger(__name__)


def read_verified_file(file, sha256: str, *, target, label: str) -> bytes | None:
    """The bytes of `file` (a FieldFile) when their SHA-256 equals `sha256`, else None.

    A mismatch (the file changed on disk), a missing file or a missing stored hash is logged at
    ERROR and audited as "documents.issued.integrity_failed" on `target` (the row that stores
    the hash); `label` (e.g. the document's symbol) names the file in the log. The caller
    refuses to serve it.
    """
    try:
        with file.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, OSError, ValueError):
        data = None
    actual = hashlib.sha256(data).hexdigest() if data is not None else "missing"
    if sha256 and actual == sha256:
        return data
    logger.error(
        "issued file %s (%s %s) integrity check failed: stored sha256 %s, file %s",
        label,
        target._meta.label,
        target.pk,
        sha256 or "none",
        actual,
    )
    audit.record(
        actor=None,
        action="documents.issued.integrity_failed",
        target=target,
        data={"file": file.name, "expected": sha256, "actual": actual},
    )
    return None


def read_verified(document) -> bytes | None:
    """The issued document's PDF bytes when they match `document.sha256`, else None (logged and
    audited by read_verified_file)."""
    return read_verified_file(document.file, document.sha256, target=document, label=document.symbol)


def verified_file_response(
    request, *, file, sha256: str, target, label: str, filename: str, as_attachment: bool = False
) -> HttpResponse:
    """`file` as a PDF download when it matches `sha256`, else a Vietnamese refusal (HTTP 409)
    naming `label`; see read_verified_file for the other arguments."""
    data = read_verified_file(file, sha256, target=target, label=label)
    if data is None:
        html = render_to_string("documents/integrity_failed.html", {"label": label}, request=request)
        return HttpResponse(html, status=409)
    return FileResponse(
        io.BytesIO(data), content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )


def issued_file_response(request, document, *, filename: str, as_attachment: bool = False) -> HttpResponse:
    """The issued PDF as a download, or a Vietnamese refusal (HTTP 409) when the file was altered."""
    return verified_file_response(
        request,
        file=document.file,
        sha256=document.sha256,
        target=document,
        label=document.symbol,
        filename=filename,
        as_attachment=as_attachment,
    )
