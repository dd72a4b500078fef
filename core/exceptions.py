from django.core.exceptions import ValidationError


class TransitionNotAllowed(ValidationError):
    """A workflow transition the state table does not allow."""


def error_text(exc) -> str:
    """A service error as one line for the user: the Vietnamese messages of a ValidationError
    joined by spaces ("A. B."), or `str(exc)` for any other exception. The one copy."""
    return " ".join(getattr(exc, "messages", [str(exc)]))
