"""The refusal every service raises when the method does not allow a change now.

It sits at the package root, beneath every app: the shared page and API helpers (web.py,
apiutils.py) turn it into a message or a 409 without importing the algorithm, whose services
raise it most (and re-export it, so `algorithm.services.RuleRefused` is the same class).
"""


class RuleRefused(Exception):
    """A change the method does not allow; the message says why, for the user.

    `field` names the service's argument at fault when one is, so that a form can show the
    message beside the input the user must change."""

    def __init__(self, message: str = "", *, field: str = "") -> None:
        super().__init__(message)
        self.field = field
