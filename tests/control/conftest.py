"""The control pages read what the algorithm and the plans tests set up."""

from tests.algorithm.conftest import clock, method  # noqa: F401 (fixtures)
from tests.plans.conftest import november_done  # noqa: F401 (fixture)
