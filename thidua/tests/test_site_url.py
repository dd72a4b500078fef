"""Links are built from THIDUA_SITE_URL, which `make run HOST=…` sets (issue 12).

The chain is proved without starting a server: the Makefile's `run` recipe is run with a stand-in
`python` that records the environment it is started with, and the settings `make run` uses
(thidua.settings.dev, manage.py's default) are loaded in a fresh interpreter with that value.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REPO = Path(settings.BASE_DIR)

# Stands in for $(BIN)/python and $(BIN)/pip: writes "<THIDUA_SITE_URL>|<args>" to $FAKE_LOG.
# `runserver` waits (at most 5 s) until the background reminder sweep has written its line,
# because the recipe stops the sweep as soon as the server exits.
FAKE = """#!/bin/sh
echo "${THIDUA_SITE_URL-unset}|$*" >> "$FAKE_LOG"
case "$*" in *runserver*)
  i=0; while [ $i -lt 50 ] && ! grep -q send_reminders "$FAKE_LOG"; do sleep 0.1; i=$((i+1)); done;;
esac
"""


def _make_env(**extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"THIDUA_SITE_URL", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    }
    return {**env, **extra}


def test_make_run_dry_run_serves_on_host():
    """`make -n run HOST=…` (nothing executed) shows the sweep and the server of the run recipe."""
    out = subprocess.run(
        ["make", "-n", "run", "HOST=example.test:9000"],
        cwd=REPO,
        env=_make_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "manage.py send_reminders --every 300" in out
    assert "manage.py runserver example.test:9000" in out
    assert "thidua: http://example.test:9000/" in out


def test_make_run_exports_site_url_to_the_sweep_and_the_server(tmp_path):
    """The real `run` recipe (and the setup steps before it) gets THIDUA_SITE_URL=http://HOST."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(REPO / name, tmp_path / name)  # a copy: no venv marker or reminders.log touched
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for tool in ("python", "pip"):
        (venv / "bin" / tool).write_text(FAKE)
        (venv / "bin" / tool).chmod(0o755)
    log = tmp_path / "calls.log"
    subprocess.run(
        ["make", "run", "HOST=example.test:9000", f"VENV={venv}", f"BIN={venv / 'bin'}"],
        cwd=tmp_path,
        env=_make_env(FAKE_LOG=str(log)),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    calls = dict(line.split("|", 1)[::-1] for line in log.read_text().splitlines())
    assert calls["manage.py runserver example.test:9000"] == "http://example.test:9000"
    assert calls["manage.py send_reminders --every 300"] == "http://example.test:9000"
    assert calls["manage.py load_demo"] == "http://example.test:9000"


def test_make_run_keeps_an_explicit_site_url(tmp_path):
    """Behind a proxy the public URL differs from the bind address: an explicit value wins."""
    out = subprocess.run(
        ["make", "-n", "-p", "run", "HOST=0.0.0.0:8000"],
        cwd=REPO,
        env=_make_env(THIDUA_SITE_URL="https://thidua.example.vn"),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "THIDUA_SITE_URL = https://thidua.example.vn" in out.splitlines()


def test_settings_read_site_url_from_the_environment():
    """thidua.settings.dev (what `make run` loads) turns THIDUA_SITE_URL into SITE_URL, no slash."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=_make_env(
            DJANGO_SETTINGS_MODULE="thidua.settings.dev", THIDUA_SITE_URL="http://example.test:9000/"
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.strip() == "http://example.test:9000"
