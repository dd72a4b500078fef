"""Test helpers: a commune plan drafted by the secretariat; a draft that goes the whole way —
submitted by the secretariat, signed by the signer."""

from documents.services import draft_create, draft_issue, draft_submit

PLAN_SECTIONS = [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "paragraphs": ["Phát động thi đua."]}]
PLAN_ISSUE = {
    "issuer_code": "UBND",
    "issuer_name": "Ủy ban nhân dân huyện Tam Đường",
    "place": "Tam Đường",
    "subject": "Phát động thi đua năm 2026",
    "signer_title": "Chủ tịch",
    "signing_capacity": "TM.",
    "signing_for": "Ủy ban nhân dân",
}


def plan_draft(*, by, context=None, **issue):
    """A Kế hoạch draft "phát động thi đua năm 2026" by `by`: `context` (default one section) and
    the issue arguments of PLAN_ISSUE with `issue` merged in."""
    return draft_create(
        by=by,
        doc_type="ke_hoach",
        title="Kế hoạch phát động thi đua năm 2026",
        context=context if context is not None else {"sections": PLAN_SECTIONS},
        issue_kwargs={**PLAN_ISSUE, **issue},
    )


def submit_and_sign(*, draft, secretariat, signer, signer_title: str = "Chủ tịch"):
    """Trình ký then ký ban hành; returns the issued document."""
    draft = draft_submit(by=secretariat, draft=draft, signer=signer, signer_title=signer_title)
    return draft_issue(by=signer, draft=draft)
