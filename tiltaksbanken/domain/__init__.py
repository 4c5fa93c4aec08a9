"""The domain: what a record of each kind is, the annual report form, places, privacy.

This is the floor every other package stands on; it imports nothing of theirs.
"""

from tiltaksbanken.domain.errors import IngestError
from tiltaksbanken.domain.kinds import FieldSpec, Kind, kind, kinds
from tiltaksbanken.domain.records import LineRange, Record, merge_ranges

__all__ = ["FieldSpec", "IngestError", "Kind", "LineRange", "Record", "kind", "kinds", "merge_ranges"]
