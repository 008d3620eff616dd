"""Entry point of the bundled application (``cpts-desktop``)."""

from cpts_desktop.app import main

raise SystemExit(main())
