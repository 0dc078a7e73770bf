import pytest


@pytest.fixture(autouse=True)
def in_english(english):
    """Every test here reads messages in English (tests/conftest.py: english)."""
