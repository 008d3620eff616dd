"""The sections of the main window, in navigation order, and the settings the window keeps.

The window shows its navigation before the pages (and the services they need) are loaded, so their
titles live here, where importing costs nothing."""

from __future__ import annotations

from cpts_desktop.i18n import _

DASHBOARD = _("Tableau de bord")
MEMBERS = _("Adhérents")
MEETINGS = _("Réunions")
GOVERNANCE = _("Statuts & conseil")
FINANCES = _("Financements")
SETTINGS = _("Paramètres")
ORDER = (DASHBOARD, MEMBERS, MEETINGS, GOVERNANCE, FINANCES, SETTINGS)

LAST_DATABASE_KEY = "database/last"
GEOMETRY_KEY = "window/geometry"
LAST_BACKUP_KEY = "backup/last_day"
BACKUP_FOLDER_KEY = "backup/folder"
