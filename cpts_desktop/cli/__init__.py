"""The ``cpts`` command: one module per sub-command, each a thin call into the services."""
