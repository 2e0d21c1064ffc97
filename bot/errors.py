"""The error tree of bundletrip. Third-party errors are wrapped at the boundary.

    BundletripError
    ├── StorageUnavailable     Redis could not be reached or failed; nothing was acknowledged
    ├── LockTimeout            another turn of the same conversation held the lock too long
    ├── BrainError             a brain could not answer (the core falls back to the offline brain)
    │   └── BrainUnavailable   the language model is unreachable, rate-limited or over budget
    └── ConfigurationError     the settings cannot work together (reported at start-up)

Adapters have one catch-all each: log first, then send a fixed, translated apology. No message of
these exceptions is ever shown to a user.
"""

from __future__ import annotations


class BundletripError(Exception):
    """Base of every error raised on purpose by bundletrip."""


class StorageUnavailable(BundletripError):
    """Redis failed; the turn was not processed and can be retried as it is."""


class LockTimeout(BundletripError):
    """The conversation stayed busy longer than ``lock_wait_s``."""


class BrainError(BundletripError):
    """A brain failed to produce an answer."""


class BrainUnavailable(BrainError):
    """The language model cannot be used right now (network, 429, 5xx, budget, breaker open)."""


class ConfigurationError(BundletripError):
    """Settings that cannot work together."""
