import os
from pathlib import Path

import pytest

os.environ.setdefault("DALIB_MINI_PROGRESS", "0")
MIRROR = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@pytest.fixture
def mirror_root() -> Path:
    """The offline mirror of the real datasets (beside the checkout in tests and CI)."""
    root = Path(os.environ.get("DALIB_MINI_DATA") or MIRROR)
    if not (root / "README.md").exists():
        pytest.skip(f"offline dataset mirror not found at {root}")
    return root
