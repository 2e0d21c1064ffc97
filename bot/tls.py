"""One TLS context per process for every HTTPS client (the Bot API's two, the model's).

A client left to itself builds its own context and loads the CA bundle into it: ~65 ms of CPU
per client — two per Telegram application (updates and calls), one per OpenAI client, paid again
by every process and every test that starts one. A context is made to be shared; this is the
one httpx builds by default (certifi's bundle, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` when set),
built once.
"""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def tls_context() -> ssl.SSLContext:
    """The process's TLS context for outgoing HTTPS (built on first use)."""
    return httpx.create_ssl_context()
