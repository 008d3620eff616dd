"""Start CPTS Desktop from a source checkout: ``python main.py [--db PATH]``."""

from cpts_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
