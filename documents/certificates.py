"""Giấy khen: positions of the variable text for print-on-blank (phôi) mode, with calibration.

⚠ The positions below suit an A4-landscape blank and are a starting point only: the current
decree's certificate layout was not confirmed (documents.md §1.6). Staff store their phôi and
printer calibration in CertificateLayout (admin), per field (dx, dy) and globally.
"""

from decimal import Decimal

# mm from the top-left corner of the sheet; w = box width; size in pt.
DEFAULT_POSITIONS = {
    "authority": {"x": 30, "y": 52, "w": 237, "size": 18},
    "recipient_name": {"x": 30, "y": 100, "w": 237, "size": 22},
    "recipient_unit": {"x": 30, "y": 111, "w": 237, "size": 15},
    "achievement": {"x": 40, "y": 120, "w": 217, "size": 15},
    "decision_ref": {"x": 25, "y": 165, "w": 110, "size": 12},
    "register_number": {"x": 25, "y": 172, "w": 110, "size": 12},
    "place_date": {"x": 150, "y": 148, "w": 125, "size": 13},
    "signer_title": {"x": 150, "y": 155, "w": 125, "size": 13},
    "signer_name": {"x": 150, "y": 185, "w": 125, "size": 14},
}


def merged_positions(layout=None) -> dict:
    """Default positions updated by a CertificateLayout's JSON, with its offsets applied."""
    positions = {k: dict(v) for k, v in DEFAULT_POSITIONS.items()}
    gdx = Decimal(getattr(layout, "offset_x_mm", 0) or 0)
    gdy = Decimal(getattr(layout, "offset_y_mm", 0) or 0)
    custom = getattr(layout, "positions", None) or {}
    for name, pos in positions.items():
        pos.update(
            {k: v for k, v in (custom.get(name) or {}).items() if k in ("x", "y", "w", "size", "dx", "dy")}
        )
        pos["x"] = Decimal(str(pos["x"])) + Decimal(str(pos.get("dx", 0))) + gdx
        pos["y"] = Decimal(str(pos["y"])) + Decimal(str(pos.get("dy", 0))) + gdy
    return positions


def blank_certificate_fields(cert: dict, doc: dict, authority: str, positions: dict) -> list[dict]:
    texts = {
        "authority": authority,
        "recipient_name": cert.get("recipient_name", ""),
        "recipient_unit": cert.get("recipient_unit", ""),
        "achievement": cert.get("achievement", ""),
        "decision_ref": cert.get("decision_ref", ""),
        "register_number": f"Số vào sổ: {cert['register_number']}" if cert.get("register_number") else "",
        "place_date": doc.get("date_line", ""),
        "signer_title": " ".join(doc.get("signature_lines", [])),
        "signer_name": doc.get("signer_name", ""),
    }
    return [{"name": name, "text": texts[name], **pos} for name, pos in positions.items() if texts.get(name)]


def default_layout():
    from documents.models import CertificateLayout

    return CertificateLayout.objects.filter(is_default=True).first()
