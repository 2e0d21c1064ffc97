# bundletrip worker image: slim Python, locked install, non-root, exec-form command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (cached layer); every package pinned by version and hash.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY prompts ./prompts
# Editable install: the code stays in /app, next to prompts/ (bot/prompts.py reads ../prompts).
RUN pip install --no-deps --editable . \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin bundletrip

USER bundletrip
EXPOSE 8080
# fly.toml's [processes] choose the subcommand per process group; this is the default.
CMD ["bundletrip", "telegram"]
