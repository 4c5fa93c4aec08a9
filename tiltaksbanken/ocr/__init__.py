"""Norwegian OCR repair. For now: folding text so OCR-damaged words still match."""

from tiltaksbanken.ocr.fold import fold

__all__ = ["fold"]
