"""Optional PAdES signing with pyHanko from a PKCS#12 file (off unless configured).

Settings (from the environment): THIDUA_SIGNING_P12_PATH, THIDUA_SIGNING_P12_PASSWORD.
The signature is invisible (no appearance), which avoids pyHanko's text-stamp font
pitfalls with 2048-UPM fonts (documents.md §6.3).
"""

import io

from django.conf import settings


def signing_enabled() -> bool:
    return bool(getattr(settings, "THIDUA_SIGNING_P12_PATH", ""))


def _signer():
    from pyhanko.sign import signers

    password = getattr(settings, "THIDUA_SIGNING_P12_PASSWORD", "") or ""
    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=str(settings.THIDUA_SIGNING_P12_PATH), passphrase=password.encode() if password else None
    )
    if signer is None:
        raise RuntimeError("Cannot load the signing PKCS#12 file (THIDUA_SIGNING_P12_PATH).")
    return signer


def sign_pdf(pdf: bytes, *, reason: str = "", field_name: str = "KySoCoQuan") -> bytes:
    """Return `pdf` with an invisible PAdES signature (incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=_signer()).sign_pdf(writer, output=out)
    return out.getvalue()
