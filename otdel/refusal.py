"""The refusal every service raises when the method does not allow a change now.

It sits at the package root, beneath every app: the shared page and API helpers (web.py,
apiutils.py) turn it into a message or a 409 without importing the algorithm, whose services
raise it most (and re-export it, so `algorithm.services.RuleRefused` is the same class).
"""


class RuleRefused(Exception):
    """A change the method does not allow; the message says why, for the user."""
