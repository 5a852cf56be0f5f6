"""Reading one input file safely: limits, binary detection, text decoding and its sidecar.

Everything here raises ``IngestionError`` with a one-line reason a person can act on.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from .documents import IngestionError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".xml", ".rss", ".atom")
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("title", "published_on", "source", "author", "url")
SIDECAR_MAX_BYTES = 64 * 1024
# Share of control characters above which decoded bytes are not text.
MAX_CONTROL_SHARE = 0.02
LEGACY_ENCODING = "cp1252"


def _limits() -> tuple[int, tuple[str, ...]]:
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_MAX_BYTES, DEFAULT_SUFFIXES
    suffixes = getattr(settings, "INGESTION_ALLOWED_SUFFIXES", DEFAULT_SUFFIXES)
    return (
        getattr(settings, "INGESTION_MAX_FILE_BYTES", DEFAULT_MAX_BYTES),
        tuple(s.casefold() for s in suffixes),
    )


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


@dataclass(frozen=True)
class RawFile:
    """The bytes of one input file and of its ``X.meta.json`` sidecar, if there is one."""

    path: Path
    data: bytes
    sidecar: bytes | None = None

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(self.data)
        if self.sidecar is not None:
            digest.update(b"\0sidecar\0")
            digest.update(self.sidecar)
        return digest.hexdigest()


def sidecar_path(path: Path) -> Path:
    """``X.txt`` -> ``X.meta.json``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.casefold().endswith(SIDECAR_SUFFIX)


def suffix_check(name: str) -> None:
    _, suffixes = _limits()
    suffix = Path(name).suffix.casefold()
    if suffix not in suffixes:
        shown = suffix or "no suffix"
        raise IngestionError(f"unsupported file type ({shown}); expected {', '.join(suffixes)}")


def size_check(size: int) -> None:
    max_bytes, _ = _limits()
    if size > max_bytes:
        raise IngestionError(f"file too large ({_size(size)}; the limit is {_size(max_bytes)})")


def file_read(path: Path | str) -> RawFile:
    """Read ``path`` and its sidecar, checking type and size before reading anything."""
    path = Path(path)
    if is_sidecar(path):
        raise IngestionError("a .meta.json sidecar is metadata for another file, not an article")
    try:
        if not path.exists():
            raise IngestionError("file not found")
        if not path.is_file():
            raise IngestionError("not a regular file")
        suffix_check(path.name)
        size_check(path.stat().st_size)
        data = path.read_bytes()
    except OSError as err:
        raise IngestionError(f"cannot read file: {err.strerror or err}") from err
    size_check(len(data))
    side = sidecar_path(path)
    sidecar = None
    if side.is_file():
        try:
            if side.stat().st_size > SIDECAR_MAX_BYTES:
                raise IngestionError(f"sidecar {side.name} is too large")
            sidecar = side.read_bytes()
        except OSError as err:
            raise IngestionError(f"cannot read sidecar {side.name}: {err.strerror}") from err
    return RawFile(path=path, data=data, sidecar=sidecar)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ch < " " and ch not in "\n\r\t\f") or "\x7f" <= ch <= "\x9f")
    return bad / len(text)


def bytes_decode(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text, with notes on anything done to them.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Bytes that are not
    valid UTF-8 are read as Windows-1252, the usual encoding of older Western text exports,
    and a note says so. Binary content is rejected.
    """
    if not data.strip():
        raise IngestionError("empty file")
    notes: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise IngestionError("invalid UTF-16 text") from err
        notes.append("decoded as UTF-16")
    else:
        if b"\x00" in data:
            raise IngestionError("binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            try:
                text = data.decode(LEGACY_ENCODING)
            except UnicodeDecodeError:
                raise IngestionError(
                    f"not text: invalid UTF-8 (byte {err.start}) and not {LEGACY_ENCODING} either"
                ) from err
            notes.append(
                f"not valid UTF-8 (first bad byte at {err.start}); decoded as Windows-1252"
            )
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise IngestionError("binary file (mostly non-text bytes), not text")
    if not text.strip():
        raise IngestionError("empty file")
    return text, notes


@dataclass
class Sidecar:
    values: dict = field(default_factory=dict)  # field name -> value (published_on: date)
    precision: str = ""
    notes: list[str] = field(default_factory=list)


def _iso_date(value: str, name: str) -> tuple[date, str]:
    value = value.strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return datetime.strptime(value, fmt).date(), precision
        except ValueError:
            pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date(), "day"
    except ValueError as err:
        raise IngestionError(
            f"malformed sidecar {name}: published_on {value!r} is not an ISO date (YYYY-MM-DD)"
        ) from err


def sidecar_parse(data: bytes, *, name: str = "sidecar") -> Sidecar:
    """Validate a sidecar's JSON. Unknown keys are ignored (with a note); bad values are errors."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        detail = getattr(err, "msg", "not UTF-8")
        raise IngestionError(f"malformed sidecar {name}: invalid JSON ({detail})") from err
    if not isinstance(raw, dict):
        raise IngestionError(f"malformed sidecar {name}: expected a JSON object")
    result = Sidecar()
    for key, value in raw.items():
        if key not in SIDECAR_FIELDS:
            result.notes.append(f"sidecar key {key!r} ignored")
            continue
        if value is None or value == "":
            continue
        if key == "author" and isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise IngestionError(f"malformed sidecar {name}: author must be text")
            value = ", ".join(v.strip() for v in value if v.strip())
        if not isinstance(value, str):
            raise IngestionError(f"malformed sidecar {name}: {key} must be a string")
        value = " ".join(value.split())
        if key == "published_on":
            result.values[key], result.precision = _iso_date(value, name)
            continue
        if key == "url":
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise IngestionError(
                    f"malformed sidecar {name}: url {value!r} is not a web address"
                )
        result.values[key] = value
    return result
