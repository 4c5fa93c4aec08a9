"""Norwegian OCR repair: restore æ/ø/å and list bullets that an OCR engine misread.

``needs_repair``/``damage`` tell whether a text reads as OCR-damaged Norwegian
(ingest repairs only such texts); ``repair_text``/``repair_line`` are the
repair; ``Repairer`` keeps a model calibrated on one document. ``noise``
damages clean text the way the OCR does, for yardsticks and tests.

A repair asked for explicitly (``tiltaksbanken fix-ocr FILE``) runs whatever
the damage measure says, but even then leaves English passages, URLs,
e-mail addresses, path-like slugs and numbers as written, and a text that
reads clean calibrates the model to misreadings so rare that little changes.
"""

from tiltaksbanken.domain.text import fold
from tiltaksbanken.ocr.damage import damage, needs_repair
from tiltaksbanken.ocr.repair import (
    Change,
    Repairer,
    RepairResult,
    repair_line,
    repair_text,
)

__all__ = ["Change", "RepairResult", "Repairer", "damage", "fold", "needs_repair", "repair_line",
           "repair_text"]
