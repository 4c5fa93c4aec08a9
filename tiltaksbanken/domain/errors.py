"""The errors the bank raises, each with a message a person can act on."""


class IngestError(Exception):
    """A source file could not be read; the message names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class StoreError(Exception):
    """The store could not do what was asked (its own error, never a driver's exception)."""


class NotFound(StoreError):
    """What was asked for (a record, a source) is not in the store."""


class StoreBusy(StoreError):
    """Another writer held the store longer than the busy timeout; try again."""


class NameTaken(StoreError):
    """Another source (other path, other content) took the name meanwhile; choose another."""
