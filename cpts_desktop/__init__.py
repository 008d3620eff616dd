"""CPTS Desktop: the administration of a Communauté Professionnelle Territoriale de Santé."""

__version__ = "0.1.0"
APP_NAME = "CPTS Desktop"
