"""Test helper: a draft goes the whole way — submitted by the secretariat, signed by the signer."""

from documents.services import draft_issue, draft_submit


def submit_and_sign(*, draft, secretariat, signer, signer_title: str = "Chủ tịch"):
    """Trình ký then ký ban hành; returns the issued document."""
    draft = draft_submit(by=secretariat, draft=draft, signer=signer, signer_title=signer_title)
    return draft_issue(by=signer, draft=draft)
