"""The batch page's verdict block (nominations_tags.verdict_block): the same HTML for a verdict
worked out now and for the one stored at appraisal, every value escaped."""

from django.template import Context, Template

from awards.eligibility import Nominee, Reason, Verdict
from nominations.services import verdict_to_json


def _render(verdict) -> str:
    return Template("{% load nominations_tags %}{% verdict_block v %}").render(Context({"v": verdict}))


def _verdict(*reasons) -> Verdict:
    return Verdict(nominee=Nominee("individual", 1, "LDTT", 2025), rule_set="test", reasons=list(reasons))


def test_reasons_with_citation_and_unconfirmed_mark_and_escaped_text():
    verdict = _verdict(
        Reason(code="rating", ok=True, message="Xếp loại <Hoàn thành tốt>", citation="ND 152 Đ.4"),
        Reason(code="quota", ok=False, message="Vượt hạn mức 15%", citation="ND 152 Đ.5 ⚠", unconfirmed=True),
    )
    html = _render(verdict)
    assert '<span class="badge text-bg-danger">Chưa đủ tiêu chuẩn</span>' in html
    assert (
        '<li class="text-success">✓ Xếp loại &lt;Hoàn thành tốt&gt;'
        ' <span class="text-muted">(ND 152 Đ.4)</span></li>' in html
    )
    assert (
        '<li class="text-danger">✗ Vượt hạn mức 15% <span class="text-muted">(ND 152 Đ.5 ⚠)</span>'
        ' <span title="Căn cứ chưa xác nhận">⚠</span></li>'
    ) in html
    assert "<Hoàn thành tốt>" not in html
    assert _render(verdict_to_json(verdict)) == html  # the stored verdict reads the same


def test_eligible_badge_reason_without_citation_and_no_verdict():
    html = _render(_verdict(Reason(code="rating", ok=True, message="Đạt")))
    assert '<span class="badge text-bg-success">Đủ tiêu chuẩn theo hệ thống</span>' in html
    assert '<li class="text-success">✓ Đạt</li>' in html
    assert _render(None) == ""
    assert _render({}) == ""
