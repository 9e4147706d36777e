"""`python -m app` runs the same command line as `subscriber-desk`."""

from app.cli import main

raise SystemExit(main())
