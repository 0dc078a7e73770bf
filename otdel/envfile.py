"""The `.env` file: KEY=VALUE lines read into the environment before the settings read it.

Our own twenty lines rather than python-dotenv or django-environ: the settings already read
`os.environ` with two helpers, and the file needs no interpolation, no multi-line values and no
type casting, so a dependency would only add a second way to say the same thing. The real
environment always wins over the file, so systemd units, compose files and CI override it."""

import os
from pathlib import Path


def parse(text: str) -> dict[str, str]:
    """`KEY=value` per line; blank lines and `#` comments skipped; an optional `export ` prefix
    and one pair of surrounding quotes dropped."""
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").lstrip()
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.isidentifier():
            raise ValueError(f"line {number} of the .env file is not KEY=value: {raw!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def load(path: Path) -> dict[str, str]:
    """Put the file's values into os.environ where the environment has none; return them."""
    if not path.is_file():
        return {}
    values = parse(path.read_text(encoding="utf-8"))
    for key, value in values.items():
        os.environ.setdefault(key, value)
    return values
