"""The lines above a signature (Nghị định 30/2020; law.md §8.3): pure, shared by the issued
document's page and the PDF templates."""

ON_BEHALF = "TM."  # documents.models.SigningCapacity.ON_BEHALF (no model import: pure module)


def signature_lines(
    *, signing_capacity: str, signer_title: str, signing_for: str = "", on_behalf_of: str = ""
) -> list[str]:
    """Lines above the signature: "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"; "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH";
    with `on_behalf_of` (a deputy signing a collective's document) "TM. ỦY BAN NHÂN DÂN" first."""
    capacity = str(signing_capacity or "")
    lead = [f"{ON_BEHALF} {on_behalf_of}"] if on_behalf_of else []
    if not capacity:
        return [*lead, signer_title]
    if not signing_for:
        return [*lead, f"{capacity} {signer_title}"]
    return [*lead, f"{capacity} {signing_for}", signer_title]
