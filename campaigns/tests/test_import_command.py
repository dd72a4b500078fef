"""`manage.py import_launch_document PATH [--json]`."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from campaigns.parsing import parse_launch_document
from campaigns.tests.seeds import FIXTURES_DIR, fixture_text
from campaigns.tests.variants import to_docx

FIXTURE = FIXTURES_DIR / "ke_hoach_xa_nam_tam.txt"


def _run(*args) -> str:
    out = StringIO()
    call_command("import_launch_document", *args, stdout=out)
    return out.getvalue()


def test_json_prints_one_object_equal_to_the_parse():
    out = _run(str(FIXTURE), "--json")
    assert json.loads(out) == parse_launch_document(fixture_text(FIXTURE.name))
    assert "Nậm Tăm" in out  # ensure_ascii=False


def test_json_from_a_docx_file(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(to_docx(fixture_text(FIXTURE.name)))
    assert json.loads(_run(str(path), "--json"))["signer_name"] == "Lò Văn Thắng"


def test_summary_is_readable_vietnamese():
    out = _run(str(FIXTURE))
    assert "Loại văn bản: Kế hoạch" in out
    assert "Số, ký hiệu: 45/KH-UBND" in out
    assert "Địa danh, ngày: Nậm Tăm, 12/03/2025" in out
    assert "Thời gian: đến hết 30/08/2025" in out
    assert "  - Thu ngân sách trên địa bàn: đạt 2.236 triệu đồng" in out
    assert "  - Tỷ lệ sinh con thứ ba: không quá 0,45‰" in out
    assert "Người ký: KT. CHỦ TỊCH – PHÓ CHỦ TỊCH – Lò Văn Thắng" in out
    assert "Hạn báo cáo: 15/08/2025" in out


def test_missing_file_is_a_vietnamese_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        _run(str(tmp_path / "khong-co.pdf"), "--json")


def test_refused_file_exits_non_zero_with_the_message(tmp_path):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(b"MZ\x90\x00" + bytes(200))
    done = subprocess.run(
        [sys.executable, "manage.py", "import_launch_document", str(path), "--json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "thidua.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert "không phải là tệp .pdf hợp lệ" in done.stderr
