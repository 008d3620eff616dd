"""Entry point of the bundled command line (``cpts``)."""

from cpts_desktop.cli.main import main

raise SystemExit(main())
