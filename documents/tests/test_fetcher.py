"""WeasyPrint may load only our static files and data: images; user text cannot pull anything in."""

import io

import pdfplumber
import pikepdf
import pytest

from documents.rendering import RefusedURL, html_to_pdf, safe_url_fetcher_response, static_file_uri

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/x.css",
        "ftp://example.com/x.png",
        "data:text/html;base64,PGgxPmhpPC9oMT4=",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(RefusedURL):
        safe_url_fetcher_response(url)


def test_fetcher_refuses_escaping_the_static_directory():
    font = static_file_uri("fonts/liberation/LiberationSerif-Regular.ttf")
    with pytest.raises(RefusedURL):
        safe_url_fetcher_response(font.rsplit("/static/", 1)[0] + "/static/../manage.py")
    with pytest.raises(RefusedURL):  # inside static, but not a font/css/image
        safe_url_fetcher_response(font.replace("LiberationSerif-Regular.ttf", "OFL.txt"))


def test_fetcher_serves_fonts_and_data_images():
    font = safe_url_fetcher_response(static_file_uri("fonts/liberation/LiberationSerif-Regular.ttf"))
    assert font.read(4) == b"\x00\x01\x00\x00"
    png = safe_url_fetcher_response("data:image/png;base64,iVBORw0KGgo=")
    assert png.read() == b"\x89PNG\r\n\x1a\n"


def _image_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return sum(len(list(page.images)) for page in doc.pages)


def test_raw_html_with_local_and_remote_images_renders_without_them(tmp_path):
    from PIL import Image

    outside = tmp_path / "secret.png"  # a valid image outside static/: would load with the default fetcher
    Image.new("RGB", (20, 20), "red").save(outside)
    html = (
        f'<html lang="vi"><body><p>Trước</p><img src="{outside.as_uri()}"><img src="file:///etc/passwd">'
        '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<img src="data:image/png;base64,{_png_b64()}"><p>Sau</p></body></html>'
    )
    pdf = html_to_pdf(html)
    assert _image_count(pdf) == 1  # only the data: image
    assert b"root:" not in pdf


def _png_b64() -> str:
    import base64

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def test_user_text_with_html_is_printed_as_text(secretariat, issue_kwargs):
    from documents.services import document_issue

    evil = 'Về việc <img src="file:///etc/passwd"> và <img src="http://example.com/a.png">'
    document = document_issue(by=secretariat, **{**issue_kwargs, "subject": evil})
    with document.file.open("rb") as f:
        pdf = f.read()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = " ".join(doc.pages[0].extract_text().split())
    assert '<img src="file:///etc/passwd">' in text
    assert _image_count(pdf) == 0  # the QR code is vector SVG, so no raster image at all
