"""Serving issued documents: the bytes on disk must match the hash stored when they were issued."""

import hashlib
import io
import logging

from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string

from core import audit

logger = logging.getLogger(__name__)


def read_verified(document) -> bytes | None:
    """The issued PDF's bytes when their SHA-256 equals `document.sha256`, else None.

    A mismatch (the file changed on disk) or a missing file is logged at ERROR and audited as
    "documents.issued.integrity_failed"; the caller refuses to serve it.
    """
    try:
        with document.file.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, OSError, ValueError):
        data = None
    actual = hashlib.sha256(data).hexdigest() if data is not None else "missing"
    if actual == document.sha256:
        return data
    logger.error(
        "issued document %s (%s) integrity check failed: stored sha256 %s, file %s",
        document.pk,
        document.symbol,
        document.sha256,
        actual,
    )
    audit.record(
        actor=None,
        action="documents.issued.integrity_failed",
        target=document,
        data={"file": document.file.name, "expected": document.sha256, "actual": actual},
    )
    return None


def issued_file_response(request, document, *, filename: str, as_attachment: bool = False) -> HttpResponse:
    """The issued PDF as a download, or a Vietnamese refusal (HTTP 409) when the file was altered."""
    data = read_verified(document)
    if data is None:
        html = render_to_string("documents/integrity_failed.html", {"document": document}, request=request)
        return HttpResponse(html, status=409)
    return FileResponse(
        io.BytesIO(data), content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )
