"""Loading a source file: bytes, encoding detection or format conversion, and lines.

Text is read as UTF-8 when it is UTF-8; otherwise the legacy Windows/ISO
encodings Norwegian documents come in (cp1252, latin-1) are detected with
charset-normalizer. A file of a known format (PDF, a scan, DOCX, ODT, a saved web
page; ``sources.formats``) is converted, and the text readers see is the converted
text, with a locator (page, paragraph) per line. Empty, unknown binary, undecodable,
encrypted and damaged files raise ``IngestError``.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from charset_normalizer import from_bytes

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.sources.formats import Converted, Progress, convert, detect

_LEGACY_ENCODINGS = ["cp1252", "latin_1"]
# byte-order marks of the UTF-16/32 encodings (UTF-32's first: it starts like UTF-16 LE's)
_UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                 (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
MAX_NUL_SHARE = 100  # more than one NUL byte in this many makes a file binary, not text
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)


def _decode_unicode(name: str, data: bytes, codec: str) -> tuple[str, str]:
    """Text in UTF-16/32 with a byte-order mark (which tells the byte order and is dropped)."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(name, f"cannot decode the text: {codec.upper()} with a damaged"
                                f" character at byte {exc.start}") from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\f\r")
    if not text.strip("\x00").strip() or controls > max(4, len(text) // MAX_NUL_SHARE):
        raise IngestError(name, f"cannot decode the text: not {codec.upper()} text despite its"
                                " byte-order mark")
    return text, codec


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return (text, encoding) or raise ``IngestError``."""
    if not data.strip():
        raise IngestError(name, "the file is empty")
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom):
            return _decode_unicode(name, data, codec)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(_BINARY_SIGNATURES):
        raise IngestError(name, "the file is binary, not text (no reader for this format)")
    if b"\x00" in data:
        if data.count(b"\x00") > max(4, len(data) // MAX_NUL_SHARE):
            raise IngestError(name, "the file is binary, not text (no reader for this format)")
        data = data.replace(b"\x00", b"")  # stray NUL bytes: stripped, and ingest notes it
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
    alias: str | None = None  # the name records cite, when the basename is taken
    progress: Progress | None = field(default=None, repr=False, compare=False)
    _outcome: tuple[str, str | None, Converted | None] | IngestError | None = field(
        default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: str | Path, progress: Progress | None = None) -> SourceDocument:
        """The file at ``path``; ``progress`` hears (pages done, pages) while a paged
        document (a PDF, a scan) is converted."""
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise IngestError(p.name, f"cannot read the file: {exc.strerror}") from None
        return cls(path=p, data=data, progress=progress)

    @property
    def name(self) -> str:
        """The name records cite: the basename, or ``alias`` when another file has it."""
        return self.alias or self.path.name

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def format(self) -> str | None:
        """The format family the file is converted from (``pdf``, ``image``, ``docx``,
        ``odt``, ``html``), or None for a file read as it is."""
        return detect(self.name, self.data, self.suffix)

    def _read(self) -> tuple[str, str | None, Converted | None]:
        """(text, encoding, conversion), worked out once; a failure is kept and raised again."""
        if self._outcome is None:
            try:
                family = self.format
                if family is None:
                    self._outcome = (*decode_text(self.name, self.data), None)
                else:
                    page, encoding = (decode_text(self.name, self.data) if family == "html"
                                      else (None, None))
                    converted = convert(self.name, self.data, family, page, self.progress)
                    if not any(line.strip() for line in converted.lines):
                        raise IngestError(self.name, f"no text found in the file ({family})")
                    self._outcome = (converted.text, encoding, converted)
            except IngestError as exc:
                self._outcome = exc
        if isinstance(self._outcome, IngestError):
            raise self._outcome
        return self._outcome

    @property
    def _decoded(self) -> tuple[str, str | None]:
        text, encoding, _ = self._read()
        return text, encoding

    @property
    def converted(self) -> Converted | None:
        """The conversion of a file of a known format (None for text read as it is)."""
        return self._read()[2] if self.format else None

    @property
    def metadata(self) -> dict[str, str]:
        """What the file says about itself (title, date, author, site, language), where its
        format carries any (PDF/DOCX/ODT properties, a web page's head); empty for text."""
        converted = self.converted
        if converted is None:
            return {}
        values = {"title": converted.title, "date": converted.date, "author": converted.author,
                  "site": converted.site, "language": converted.language}
        return {k: v for k, v in values.items() if v}

    @property
    def locators(self) -> list[str | None] | None:
        """Per line, where in the original file it came from (``page 3``), if converted."""
        converted = self.converted
        return converted.locators if converted else None

    @property
    def source_format(self) -> str:
        """The original file's format as the store records it (``pdf``, ``docx``, ``text``…)."""
        converted = self.converted if self.format else None
        if converted:
            return converted.format
        return self.suffix.lstrip(".") if self.suffix in (".csv", ".tsv", ".xlsx", ".xlsm") else "text"

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
    def encoding(self) -> str | None:
        """The text's encoding (None for a converted binary format)."""
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
        guessed, _ = mimetypes.guess_type(self.path.name, strict=False)
        if guessed:
            return guessed
        return "text/plain" if self.is_text() else "application/octet-stream"

    @property
    def notes(self) -> list[str]:
        """What decoding changed in the text, for the ingest result (Norwegian)."""
        if (self.format is None and self.source_format == "text" and b"\x00" in self.data
                and self.encoding not in ("utf-16", "utf-32")):  # a spreadsheet is not decoded
            stripped = self.data.count(b"\x00")
            return [f"{stripped} NUL-tegn ble fjernet fra teksten"]
        return []

    def is_text(self) -> bool:
        try:
            _ = self.text
        except IngestError:
            return False
        return True
