"""Official documents: every PDF thidua issues, laid out per Nghị định 30/2020/NĐ-CP.

This app imports only `core`. Issuers and signers are text; the object a document comes from
(a decision, a report…) is an optional generic relation (`source`).

Public API (other apps call these; all state changes are audited)
-----------------------------------------------------------------

``documents.rendering.render_pdf(template_name, context, *, draft=False) -> bytes``
    Render a template under ``templates/documents/pdf/`` with the bundled Liberation Serif.
    ``draft=True`` prints a "BẢN NHÁP" watermark on every page. WeasyPrint may load only our
    static files (fonts, css, images) and ``data:`` PNG/SVG images; everything else is refused.

``documents.services.document_issue(*, by, doc_type, issuer_code, issuer_name, parent_body_name,
series="main", date, place, subject, signer_name, signer_title, signing_capacity, template_name,
context, source=None, supersedes=None, signing_for="", drafting_unit_code="", annex_issuer="")
-> IssuedDocument``
    Takes the next number of the register (issuer code, year, type, series — an advisory body
    such as the council uses ``series="council"``), renders once, signs when configured, stores
    the file and its SHA-256. ``doc_type`` is a ``DocType`` value ("quyet_dinh", "to_trinh",
    "bien_ban", "bao_cao", "ke_hoach", "chi_thi", "thong_bao", "cong_van", "giay_khen").
    ``signing_capacity``: "", "TM.", "KT.", "Q.", "TL.", "TUQ."; ``signing_for`` is the head the
    signer signs for ("Chủ tịch" gives "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"). A công văn needs
    ``drafting_unit_code`` ("VP" gives "05/UBND-VP"). ``template_name`` defaults to the type's
    template (``services.TEMPLATES``). Call it outside any transaction: the number is taken in
    a durable transaction of its own (``number_reserve``; RuntimeError inside another one), so a
    caller commits its own state change separately, or uses ``document_prepare`` (number and
    render) then ``document_store`` inside its own short transaction, as ``decision_issue`` does.

``documents.services.document_correct(*, by, document, date, context=None, reason="", **overrides)
-> IssuedDocument``
    A correction is a new document (new number) whose ``supersedes`` is the old one.

``documents.services.document_annul(*, by, document, legal_ground, annulling_document=None)
-> Annulment``

``documents.services.certificates_issue(*, by, issuer_code, issuer_name, date, place, signer_name,
signer_title, authority, recipients, ...) -> (list[IssuedDocument], batch_pdf)``
    One Giấy khen per recipient (own number and verification code), rendered in one batch.

``documents.services.draft_create(*, by, doc_type, title, context, issue_kwargs, template_name="",
source=None) -> DocumentDraft``
    Prepare a document for the secretariat to preview and issue ("Ban hành") at
    ``/van-ban/du-thao/``. ``issue_kwargs`` holds the ``document_issue`` arguments as JSON
    (``date`` as "YYYY-MM-DD"). A "giay_khen" draft whose context has ``certificates`` issues one
    document per certificate (the draft links to the first). Drafts with more than 100 annex
    rows or certificates render and issue in a Celery job (``RenderJob``; inline without a broker).

Template context (all optional unless the template needs it): ``legal_bases`` (list),
``proposal``, ``authority`` (decision), ``articles`` ([{"title": "Điều 1.", "text": …}]),
``paragraphs``, ``sections`` ([{"heading": …, "paragraphs": [...]}] as plain text, or
[{"heading": …, "html": …}] edited as rich text: sanitised by ``documents.richtext`` to the tags
the PDF prints, on save and again at rendering), ``recipients_to``
(Kính gửi), ``recipients_cc`` (Nơi nhận, without "- " and ";"), ``annexes`` ([{"title",
"columns": [{"title", "width"}], "rows": [{"cells": [...]}, {"group": "A. TẬP THỂ"}],
"signed": bool}]), ``certificates`` / ``certificate`` (Giấy khen), ``secretary`` (Biên bản).

Status of an issued document is derived, never stored: an ``Annulment`` row -> annulled; a
later document superseding it -> superseded; else valid. ``IssuedDocument`` and ``Annulment``
rows cannot be changed or deleted (model, admin, database triggers).

Public verification: ``/xac-minh/<code>/`` (no login), linked from the QR code on each document.
Settings: ``SITE_URL``, ``THIDUA_PDF_MARGINS_MM``, ``THIDUA_SIGNING_P12_PATH``,
``THIDUA_SIGNING_P12_PASSWORD``. Commands: ``render_sample_documents OUTDIR``, ``bench_documents``.
"""
