"""Store errors; their messages are Dutch and meant for the user."""


class StoreError(RuntimeError):
    """The store could not do what was asked; nothing was written."""


class ConcurrentEditError(StoreError):
    """Someone else saved the same partner since it was opened for editing."""

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current


class NotFoundError(StoreError):
    """The partner does not exist (any more)."""
