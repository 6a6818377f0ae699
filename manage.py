#!/usr/bin/env python
"""Django's command-line entry point (the same as the `nabij` console script)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from nabij.manage import main  # noqa: E402

if __name__ == "__main__":
    main()
