"""Alembic migration scripts, shipped inside the package so they run from a wheel or a bundle."""
