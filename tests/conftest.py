"""Shared pytest settings.

Hypothesis: no per-example deadline anywhere (tests never assert wall-clock
times, and a loaded machine must not fail a correct test); under CI
(``CI=true``) the examples are derandomized, so a run can be repeated exactly.
"""

import os

from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
