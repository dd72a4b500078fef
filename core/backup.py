"""Backup and restore of the database and media/ as one archive (issue 15).

An archive (.tar.gz) holds `manifest.json`, the database (`database.sqlite3`, a copy by
SQLite's online backup API, or `database.pgdump`, `pg_dump --format=custom`) and `media/`.

Consistency: the database is copied first, in one snapshot (SQLite backup API; pg_dump's
single repeatable-read transaction), then media/. Files are written before the row that names
them commits, and issued documents are never changed or deleted, so every file the snapshot
names is already on disk when media/ is copied. The manifest lists the SHA-256 of every file
and the audit log's head hash; restore checks the issued documents against their stored hash
and the audit chain, and reports what does not match.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tool(name: str) -> str:
    """The PostgreSQL client tool's full path (Debian: postgresql-client)."""
    path = shutil.which(name)
    if not path:
        raise RuntimeError(f"{name} not found: install the PostgreSQL client tools")
    return path


def _pg_env_args() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    args = ["--host", s.get("HOST") or "127.0.0.1", "--port", str(s.get("PORT") or 5432)]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    return env, args


def _dump_database(out_dir: Path) -> str:
    if connection.vendor == "sqlite":
        target = out_dir / "database.sqlite3"
        connection.ensure_connection()
        dst = sqlite3.connect(target)
        try:
            connection.connection.backup(dst)  # the online backup API: one consistent copy
        finally:
            dst.close()
        return target.name
    if connection.vendor == "postgresql":
        target = out_dir / "database.pgdump"
        env, args = _pg_env_args()
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                connection.settings_dict["NAME"],
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        return target.name
    raise RuntimeError(f"backup: unsupported database {connection.vendor}")


@dataclass
class Manifest:
    created_at: str
    vendor: str
    database: str
    files: dict[str, str]  # media path -> sha256
    audit_head: str
    counts: dict[str, int]


def _counts() -> dict[str, int]:
    from awards.models import AwardRecord
    from core.models import AuditEntry
    from documents.models import IssuedDocument

    return {
        "issued_documents": IssuedDocument.objects.count(),
        "award_records": AwardRecord.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
    }


def backup_create(archive: Path) -> Manifest:
    """Write a backup archive of the database and MEDIA_ROOT to `archive` (a .tar.gz path).

    Returns the manifest (also stored in the archive). Raises CalledProcessError if pg_dump
    fails. Safe while the application runs.
    """
    from core.audit import verify_chain

    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        head = verify_chain().head
        counts = _counts()
        database = _dump_database(tmp)
        files = {}
        if media.exists():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                files[path.relative_to(media).as_posix()] = _sha256(path)
        manifest = Manifest(
            created_at=timezone.now().isoformat(),
            vendor=connection.vendor,
            database=database,
            files=files,
            audit_head=head,
            counts=counts,
        )
        (tmp / "manifest.json").write_text(json.dumps({"format": FORMAT, **manifest.__dict__}, indent=1))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp / "manifest.json", arcname="manifest.json")
            tar.add(tmp / database, arcname=database)
            for name in files:
                tar.add(media / name, arcname=f"media/{name}")
        partial.replace(archive)  # a half-written archive never carries the final name
    return manifest


@dataclass
class RestoreReport:
    manifest: dict
    documents_checked: int = 0
    problems: list[str] = field(default_factory=list)


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        if member.name.startswith("/") or ".." in Path(member.name).parts:
            raise ValueError(f"unsafe path in archive: {member.name}")
        yield member


def _restore_database(path: Path, vendor: str) -> None:
    for conn in connections.all():
        conn.close()
    if vendor != connection.vendor:
        raise ValueError(f"the archive holds a {vendor} database; this site runs {connection.vendor}")
    if vendor == "sqlite":
        src = sqlite3.connect(path)
        dst = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            src.backup(dst)  # replaces every page of the live file, WAL included
        finally:
            src.close()
            dst.close()
        return
    env, args = _pg_env_args()
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(path),
        ],
        env=env,
        check=True,
        capture_output=True,
    )


def backup_restore(archive: Path) -> RestoreReport:
    """Replace the database and MEDIA_ROOT by the archive's; check what was restored.

    The current media/ is moved aside to `media.before-restore-<time>/` (not deleted). Stop
    the web and Celery processes first: the database is replaced under them. Returns the
    manifest and any problem found (a file missing or changed, an issued document whose file
    does not match its stored SHA-256, a broken audit chain). Raises ValueError for an archive
    of another database kind or with unsafe paths.
    """
    from core.audit import GENESIS, verify_chain
    from core.models import AuditEntry
    from documents.models import IssuedDocument

    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, members=list(_safe_members(tar)), filter="data")
        manifest = json.loads((tmp / "manifest.json").read_text())
        _restore_database(tmp / manifest["database"], manifest["vendor"])
        if media.exists():
            media.rename(media.with_name(f"{media.name}.before-restore-{timezone.now():%Y%m%d%H%M%S}"))
        if (tmp / "media").exists():
            shutil.copytree(tmp / "media", media)
        else:
            media.mkdir(parents=True)
    report = RestoreReport(manifest=manifest)
    for name, digest in manifest["files"].items():
        path = media / name
        if not path.is_file() or _sha256(path) != digest:
            report.problems.append(f"tệp {name} thiếu hoặc khác bản sao lưu")
    for doc in IssuedDocument.objects.only("pk", "symbol", "file", "sha256").iterator():
        report.documents_checked += 1
        path = media / doc.file.name
        if not path.is_file() or _sha256(path) != doc.sha256:
            report.problems.append(f"văn bản {doc.symbol}: tệp PDF thiếu hoặc không khớp mã băm")
    chain = verify_chain()
    if chain.broken_at is not None:
        report.problems.append(f"nhật ký: dòng {chain.broken_at} không khớp chuỗi mã băm")
    elif (
        manifest["audit_head"] != GENESIS
        and not AuditEntry.objects.filter(hash=manifest["audit_head"]).exists()
    ):
        # The head was read just before the snapshot: the restored chain must contain it.
        report.problems.append("nhật ký: thiếu các dòng đã có khi sao lưu")
    return report
