"""The one error type ingest raises, with a message a person can act on."""


class IngestError(Exception):
    """A source file could not be read; the message names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
