"""The unit's bản đăng ký thi đua as a PDF, in the unit's own name (not issued or numbered here)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Registration
from core.formats import format_vn_decimal
from documents.issuers import place_name
from documents.rendering import render_pdf
from documents.services import format_date_line


def registration_pdf_context(registration: Registration) -> dict:
    """Template context: header of the unit (its parent above it), Kính gửi the launching unit,
    the collective title, the targets it commits to, the people and their titles, the pledge."""
    reg = registration
    unit, campaign = reg.unit, reg.campaign
    day = timezone.localdate(reg.submitted_at) if reg.submitted_at else None
    place = place_name(unit)
    doc = {
        "doc_type": "dang_ky",
        "type_title": _("BẢN ĐĂNG KÝ THI ĐUA"),
        "issuer_name": unit.name.upper(),
        "parent_body_name": unit.parent.name.upper() if unit.parent_id else "",
        "number_display": "\u2002\u2002\u2002\u2002",
        "symbol_suffix": "ĐK",
        "date_line": format_date_line(place, day)
        if day
        else f"{place}, ngày      tháng      năm {campaign.year}",
        "subject": _("Thực hiện %(c)s") % {"c": campaign.title},
        "signer_name": "",
        "signature_lines": [_("THỦ TRƯỞNG ĐƠN VỊ")],
    }
    sections = []
    if reg.collective_title:
        sections.append(
            {
                "heading": _("I. DANH HIỆU TẬP THỂ ĐĂNG KÝ"),
                "paragraphs": [
                    _("%(u)s đăng ký phấn đấu đạt danh hiệu “%(t)s” năm %(y)s.")
                    % {"u": unit.name, "t": reg.get_collective_title_display(), "y": campaign.year}
                ],
            }
        )
    commitments = [
        {
            "name": c.target.name,
            "value": format_vn_decimal(c.value, 4),
            "uom": c.target.unit_of_measure,
            "common": format_vn_decimal(c.target.value, 4),
        }
        for c in reg.commitments.select_related("target").order_by("target__order", "target__pk")
    ]
    individuals = [
        {"name": i.person.full_name, "title": i.get_title_display()}
        for i in reg.individuals.select_related("person").order_by("person__full_name")
    ]
    return {
        "doc": doc,
        "recipients_to": [campaign.launching_unit.name],
        "paragraphs": [
            _("Căn cứ %(c)s, %(u)s đăng ký thi đua năm %(y)s như sau:")
            % {"c": campaign.title, "u": unit.name, "y": campaign.year}
        ],
        "sections": sections,
        "commitments": commitments,
        "individuals": individuals,
        "pledge": reg.pledge,
        "status": reg.get_status_display(),
    }


def registration_pdf(registration: Registration) -> bytes:
    """PDF bytes of the registration (a "BẢN NHÁP" watermark until it has been sent)."""
    draft = registration.status in (Registration.Status.DRAFT, Registration.Status.RETURNED)
    return render_pdf("documents/pdf/registration.html", registration_pdf_context(registration), draft=draft)
