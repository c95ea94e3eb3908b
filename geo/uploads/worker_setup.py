"""Imported first by the fork server of the upload workers (:mod:`geo.uploads.bounded`), never by the app.

Arrow's own allocator (mimalloc) reserves about 1 GB of address space at its first use,
which the workers' data limit counts as used: under a budget of 1 GB their first Arrow
string comparison would fail. The system's ``malloc`` reserves only what is asked for,
and Arrow reads this choice once, when it loads.
"""

import os

os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
