"""The WeCom door: callback crypto and parsing, the API client, and the outbox worker."""


class Refused(Exception):
    """A callback request we will not handle; answered with `status` (a 4xx) and logged."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
