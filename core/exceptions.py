from django.core.exceptions import ValidationError


class TransitionNotAllowed(ValidationError):
    """A workflow transition the state table does not allow."""
