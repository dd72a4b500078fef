"""Optional PAdES signing: the issued file validates with pyHanko and poppler's pdfsig."""

import datetime
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from documents.services import document_issue

pytestmark = pytest.mark.django_db


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND huyện Tam Đường (thử nghiệm)"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


@pytest.fixture
def test_pki(tmp_path):
    """A throw-away root CA and a signing certificate in a PKCS#12 file."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Test Root CA thidua"))
        .issuer_name(_name("Test Root CA thidua"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Ủy ban nhân dân huyện Tam Đường"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = tmp_path / "signer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, [ca], serialization.BestAvailableEncryption(b"mat-khau")
        )
    )
    return {"p12": p12, "password": "mat-khau", "ca_der": ca.public_bytes(serialization.Encoding.DER)}


def test_signing_is_off_by_default(secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    assert not document.digitally_signed
    with document.file.open("rb") as f:
        assert b"/ByteRange" not in f.read()


def test_signed_document_validates(settings, secretariat, issue_kwargs, test_pki, tmp_path):
    import hashlib
    import io

    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    settings.THIDUA_SIGNING_P12_PATH = str(test_pki["p12"])
    settings.THIDUA_SIGNING_P12_PASSWORD = test_pki["password"]
    document = document_issue(by=secretariat, **issue_kwargs)
    assert document.digitally_signed
    with document.file.open("rb") as f:
        signed = f.read()
    assert hashlib.sha256(signed).hexdigest() == document.sha256

    reader = PdfFileReader(io.BytesIO(signed))
    assert len(reader.embedded_signatures) == 1
    root = asn1_x509.Certificate.load(test_pki["ca_der"])
    status = validate_pdf_signature(reader.embedded_signatures[0], ValidationContext(trust_roots=[root]))
    assert status.intact
    assert status.valid
    assert status.trusted

    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in out


def test_tampered_signed_file_is_detected(settings, secretariat, issue_kwargs, test_pki, tmp_path):
    settings.THIDUA_SIGNING_P12_PATH = str(test_pki["p12"])
    settings.THIDUA_SIGNING_P12_PASSWORD = test_pki["password"]
    document = document_issue(by=secretariat, **issue_kwargs)
    with document.file.open("rb") as f:
        data = bytearray(f.read())
    pos = data.index(b"/Producer")  # inside the signed byte range
    data[pos + 1 : pos + 2] = b"Q"
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(data))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Digest Mismatch." in out
