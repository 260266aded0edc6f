"""Imports a registry of entities from CSV or JSON, row by row: a bad row is reported with its
line (CSV) or its place in the list (JSON), and the others are imported. A row whose registry
id is known updates that entry, so importing the registry's next edition is safe.

CSV: the header `id,name,aliases,kind,designated_on,removed_on,source`, aliases separated by
`|`, dates as YYYY-MM-DD. JSON: a list of objects with the same keys, aliases as a list."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import EntityKind, RegistryEntity
from .relabelling import relabellings_deferred

COLUMNS = ("id", "name", "aliases", "kind", "designated_on", "removed_on", "source")
REQUIRED = ("id", "name", "kind", "designated_on")


class RegistryFileError(ValueError):
    """A file that holds no registry at all (not CSV with the header, nor a JSON list)."""


@dataclass
class RegistryImport:
    created: int = 0
    updated: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (line or item, why)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {len(self.failed)} failed"


def _date(row: dict[str, Any], name: str) -> date | None:
    text = str(row.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name}: {text[:40]!r} is not a date like 2024-03-01") from None


def _aliases(value: object) -> list[str]:
    parts = value if isinstance(value, list) else str(value or "").split("|")
    return list(dict.fromkeys(str(part).strip() for part in parts if str(part).strip()))


def _rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise RegistryFileError(f"Not valid JSON: {error}") from None
        for number, item in enumerate(items, start=1):
            yield number, item if isinstance(item, dict) else {}
        return
    reader = csv.DictReader(io.StringIO(stripped))
    header = tuple(name.strip() for name in reader.fieldnames or ())
    if header != COLUMNS:
        raise RegistryFileError(
            f"The CSV header must be {','.join(COLUMNS)}; it is {','.join(header)[:200]}"
        )
    for row in reader:
        yield reader.line_num, row


def _entity(row: dict[str, Any], kinds: dict[str, EntityKind]) -> RegistryEntity:
    if missing := [name for name in REQUIRED if not str(row.get(name) or "").strip()]:
        raise ValueError(f"missing {', '.join(missing)}")
    kind = kinds.get(str(row["kind"]).strip())
    if kind is None:
        known = ", ".join(sorted(kinds))
        raise ValueError(f"kind: {str(row['kind'])[:40]!r} is none of {known}")
    if (designated_on := _date(row, "designated_on")) is None:
        raise ValueError("missing designated_on")
    return RegistryEntity(
        external_id=str(row["id"]).strip(),
        name=str(row["name"]).strip(),
        aliases=_aliases(row.get("aliases")),
        kind=kind,
        designated_on=designated_on,
        removed_on=_date(row, "removed_on"),
        source=str(row.get("source") or "").strip(),
    )


def registry_import(path: Path) -> RegistryImport:
    """Imports the registry at `path`; raises RegistryFileError if it is no registry file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RegistryFileError("The file is not UTF-8 text.") from None
    kinds = {kind.slug: kind for kind in EntityKind.objects.all()}
    result = RegistryImport()
    with relabellings_deferred():
        _rows_import(text, kinds, result)
    return result


def _rows_import(text: str, kinds: dict[str, EntityKind], result: RegistryImport) -> None:
    for number, row in _rows(text):
        try:
            entity = _entity(row, kinds)
            known = RegistryEntity.objects.filter(external_id=entity.external_id).first()
            if known is not None:
                entity.pk = known.pk
            entity.full_clean(validate_unique=False)
            with transaction.atomic():
                entity.save()
        except (ValueError, ValidationError) as error:
            why = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            result.failed.append((number, why))
            continue
        if known is None:
            result.created += 1
        else:
            result.updated += 1
