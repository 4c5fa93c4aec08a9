"""Loading a source file: bytes, encoding detection and lines.

Text is read as UTF-8 when it is UTF-8; otherwise the legacy Windows/ISO
encodings Norwegian documents come in (cp1252, latin-1) are detected with
charset-normalizer. Empty, binary and undecodable files raise ``IngestError``.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from charset_normalizer import from_bytes

from tiltaksbanken.domain.errors import IngestError

_LEGACY_ENCODINGS = ["cp1252", "latin_1"]
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return (text, encoding) or raise ``IngestError``."""
    if not data.strip():
        raise IngestError(name, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise IngestError(name, "the file is binary, not text (no reader for this format)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            raise IngestError(
                name, "the file is truncated: it ends in the middle of a UTF-8 character"
            ) from None
        utf8_error = exc
    if _looks_binary(data):
        raise IngestError(name, "the file is binary, not text (no reader for this format)")
    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None or best.encoding not in ("cp1252", "latin_1"):
        raise IngestError(
            name, f"cannot decode the text: not UTF-8 ({utf8_error.reason} at byte "
            f"{utf8_error.start}) and not cp1252/latin-1"
        )
    text = str(best)
    if any(0x80 <= ord(c) <= 0x9F for c in text):
        raise IngestError(name, "cannot decode the text: it holds control characters")
    return text, best.encoding


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass
class SourceDocument:
    """A file handed to the readers. Text readers use ``text``/``lines``."""

    path: Path
    data: bytes
    _repaired: str | None = field(default=None, repr=False)

    @classmethod
    def load(cls, path: str | Path) -> SourceDocument:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise IngestError(p.name, f"cannot read the file: {exc.strerror}") from None
        return cls(path=p, data=data)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def _decoded(self) -> tuple[str, str]:
        return decode_text(self.name, self.data)

    @property
    def text(self) -> str:
        """The text readers see: OCR-repaired when a repair was applied."""
        return self._repaired if self._repaired is not None else self._decoded[0]

    @property
    def original_text(self) -> str:
        return self._decoded[0]

    @property
    def repaired(self) -> bool:
        return self._repaired is not None

    def apply_repair(self, text: str) -> None:
        """Let readers see ``text`` (same lines as the original, OCR damage repaired)."""
        if text.count("\n") != self.original_text.count("\n"):
            raise ValueError("a repair must keep every line")
        self._repaired = text
        self.__dict__.pop("lines", None)

    @cached_property
    def original_lines(self) -> list[str]:
        return _split_lines(self.original_text)

    @property
    def encoding(self) -> str:
        return self._decoded[1]

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines without line endings (line n is ``lines[n - 1]``)."""
        return _split_lines(self.text)

    @property
    def display_lines(self) -> list[str]:
        """The lines as written, kept in the store for provenance (before any OCR repair)."""
        return self.original_lines if self.repaired else self.lines

    @cached_property
    def media_type(self) -> str:
        """The file's media type, from its suffix; a file without a known suffix is
        ``text/plain`` when it decodes as text."""
        guessed, _ = mimetypes.guess_type(self.name, strict=False)
        if guessed:
            return guessed
        return "text/plain" if self.is_text() else "application/octet-stream"

    def is_text(self) -> bool:
        try:
            _ = self.text
        except IngestError:
            return False
        return True
