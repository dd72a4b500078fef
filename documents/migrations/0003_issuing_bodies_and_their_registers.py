"""Issuing bodies as data; numbering registers per issuing body, year, type and series.

Existing documents keep their numbers: each is attributed to the issuing body of its issuer
(the unit named like the issuer, else an unattached body of the same code), and each body's
registers restart from the highest number it has used. Issued documents are immutable, so the
triggers are lifted for the one attribution UPDATE and put back at once.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import core.search
from core.db import _immutable_statements

TABLE = "documents_issueddocument"


def _key(unit_id, code):
    return f"{unit_id or 0}:{code}"


def attribute_documents(apps, schema_editor):
    IssuingBody = apps.get_model("documents", "IssuingBody")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    DocumentDraft = apps.get_model("documents", "DocumentDraft")
    NumberCounter = apps.get_model("documents", "NumberCounter")
    Unit = apps.get_model("units", "Unit")

    def body_for(code, name, parent_body_name, place):
        from documents.issuers import place_name

        code = (code or "").upper()
        unit = Unit.objects.filter(name__iexact=core.search.normalize_text(name or "")).first()
        body, _ = IssuingBody.objects.get_or_create(
            key=_key(unit.pk if unit else None, code),
            defaults={
                "unit": unit,
                "code": code,
                "kind": "peoples_committee" if unit is not None and code == "UBND" else "other",
                "name": name or code,
                "parent_body_name": parent_body_name or "",
                # The body's own locality; old documents of a commune could carry the district's.
                "place_name": place_name(unit) if unit is not None else (place or ""),
                "signing_for": "Ủy ban nhân dân" if unit is not None and code == "UBND" else "",
            },
        )
        return body

    vendor = schema_editor.connection.vendor
    drop, create = _immutable_statements(vendor, TABLE)[1], _immutable_statements(vendor, TABLE)[0]
    for sql in drop:
        schema_editor.execute(sql)
    pairs = IssuedDocument.objects.values_list("issuer_code", "issuer_name", "parent_body_name", "place").distinct()
    for code, name, parent, place in list(pairs):
        body = body_for(code, name, parent, place)
        IssuedDocument.objects.filter(issuer_code=code, issuer_name=name, issuing_body__isnull=True).update(
            issuing_body=body
        )
    for sql in create:
        schema_editor.execute(sql)

    for draft in DocumentDraft.objects.filter(issuing_body__isnull=True):
        kw = draft.issue_kwargs or {}
        body = body_for(kw.get("issuer_code", ""), kw.get("issuer_name", ""), kw.get("parent_body_name"), kw.get("place"))
        draft.issuing_body = body
        draft.issue_kwargs = {**kw, "issuing_body": body.pk}
        draft.save(update_fields=["issuing_body", "issue_kwargs"])

    # One register per body: restart each from the highest number it has used.
    NumberCounter.objects.all().delete()
    rows = (
        IssuedDocument.objects.values("issuing_body", "year", "doc_type", "series")
        .annotate(last=models.Max("number"))
        .order_by()
    )
    NumberCounter.objects.bulk_create(
        [
            NumberCounter(
                issuing_body_id=r["issuing_body"],
                year=r["year"],
                doc_type=r["doc_type"],
                series=r["series"],
                last_number=r["last"],
            )
            for r in rows
        ]
    )
    if vendor == "postgresql":
        # Fire the deferred foreign-key checks now: the ALTER TABLEs below refuse to run on a
        # table with pending trigger events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_immutable_tables"),
        ("units", "0003_rolegrant_vice_chair_revoked_never_deleted"),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuingBody",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("key", models.CharField(editable=False, max_length=80, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("peoples_committee", "Ủy ban nhân dân"),
                            ("council", "Hội đồng Thi đua - Khen thưởng"),
                            ("office", "Cơ quan chuyên môn, văn phòng"),
                            ("department", "Sở, ban, ngành"),
                            ("other", "Khác"),
                        ],
                        default="peoples_committee",
                        max_length=20,
                        verbose_name="loại",
                    ),
                ),
                ("code", models.CharField(help_text="Ví dụ: UBND, HĐTĐKT, SNV.", max_length=30, verbose_name="ký hiệu")),
                ("name", models.CharField(max_length=255, verbose_name="tên cơ quan ban hành")),
                ("parent_body_name", models.CharField(blank=True, max_length=255, verbose_name="cơ quan chủ quản")),
                ("place_name", models.CharField(blank=True, max_length=100, verbose_name="địa danh")),
                (
                    "signing_for",
                    models.CharField(
                        blank=True,
                        help_text='Dòng "TM." của khối chữ ký, ví dụ: Ủy ban nhân dân.',
                        max_length=150,
                        verbose_name="ký thay mặt",
                    ),
                ),
                ("signer_title", models.CharField(default="Chủ tịch", max_length=150, verbose_name="chức vụ người ký")),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        help_text="Để trống chỉ với cơ quan khôi phục từ văn bản cũ không rõ đơn vị.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issuing_bodies",
                        to="units.unit",
                        verbose_name="thuộc đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "cơ quan ban hành",
                "verbose_name_plural": "cơ quan ban hành",
                "ordering": ["name"],
            },
        ),
        migrations.RemoveConstraint(model_name="numbercounter", name="numbercounter_unique_register"),
        migrations.RemoveConstraint(model_name="issueddocument", name="issueddocument_unique_number"),
        migrations.AddField(
            model_name="numbercounter",
            name="issuing_body",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registers",
                to="documents.issuingbody",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="issuing_body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="documents.issuingbody",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddField(
            model_name="documentdraft",
            name="issuing_body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="drafts",
                to="documents.issuingbody",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.RunPython(attribute_documents, migrations.RunPython.noop),
        migrations.RemoveField(model_name="numbercounter", name="issuer_code"),
        migrations.AlterField(
            model_name="numbercounter",
            name="issuing_body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registers",
                to="documents.issuingbody",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddConstraint(
            model_name="numbercounter",
            constraint=models.UniqueConstraint(
                fields=("issuing_body", "year", "doc_type", "series"), name="numbercounter_unique_body_register"
            ),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.UniqueConstraint(
                fields=("issuing_body", "year", "doc_type", "series", "number"),
                name="issueddocument_unique_body_number",
            ),
        ),
        # SQLite rebuilds a table to change its constraints, which drops its triggers: put the
        # immutability triggers back (on PostgreSQL they survive; dropping first keeps it idempotent).
        migrations.RunPython(
            lambda apps, se: [se.execute(sql) for sql in _immutable_statements(se.connection.vendor, TABLE)[1]]
            + [se.execute(sql) for sql in _immutable_statements(se.connection.vendor, TABLE)[0]],
            migrations.RunPython.noop,
        ),
    ]
