"""Where the shared data files live (../shared/data, or $OTDEL_SHARED_DATA): the Maven CRM
accounts and products the demo loads, and the company names and orders the benchmarks read."""

import os
from pathlib import Path

from django.conf import settings


def shared_data_dir() -> Path:
    """The folder of the shared data files."""
    return Path(
        os.environ.get("OTDEL_SHARED_DATA", settings.PROJECT_DIR.parent / "shared" / "data")
    )
