"""``python -m mlguide``: the same as the ``mlguide`` command."""

from mlguide.cli import main

raise SystemExit(main())
