"""Norwegian OCR repair: restore æ/ø/å and list bullets that an OCR engine misread.

``repair_text``/``repair_line`` are the API; ``Repairer`` keeps a model
calibrated on one document; ``needs_repair`` tells whether a text was OCR'd
without the Norwegian letters.
"""

from tiltaksbanken.domain.text import fold
from tiltaksbanken.ocr.repair import (
    Change,
    Repairer,
    RepairResult,
    needs_repair,
    repair_line,
    repair_text,
)

__all__ = ["Change", "RepairResult", "Repairer", "fold", "needs_repair", "repair_line", "repair_text"]
