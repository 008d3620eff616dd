"""The models, each subject's module declared when one of its classes is first asked for.

``from cpts_desktop.store.models import Member`` declares ``members.py`` and the modules whose tables its
foreign keys name (``REFERENCES``: SQLAlchemy looks them up at each flush), not the 42 models: declaring
them all takes some 300 ms, and a command that reads the register needs two modules. (Opening a base still
declares most of them: the audit journal names its tables by their classes.)
Import models from this package, not from its modules, so that their references come along.
``load_all`` declares every table, for what compares the whole schema (Alembic's environment, tests).
"""

from __future__ import annotations

import threading
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpts_desktop.store.models.aci import AciAccord, AciAmount, AciIndicator, AciYear, AciYearMission
    from cpts_desktop.store.models.association import Association, College, Commune
    from cpts_desktop.store.models.audit import AuditEntry
    from cpts_desktop.store.models.declarations import DeclarationChange, PrefectureDeclaration
    from cpts_desktop.store.models.governance import Mandate, StatutesArticle, StatutesVersion
    from cpts_desktop.store.models.grants import (
        BudgetLine,
        Expense,
        FinancialReport,
        FinancialReportLine,
        Funder,
        Grant,
        GrantDisbursement,
        GrantDocument,
        Installment,
        Obligation,
    )
    from cpts_desktop.store.models.mail import MailSettings, MailTemplate, OutgoingMessage
    from cpts_desktop.store.models.meetings import AgendaItem, Attendance, Meeting, Resolution
    from cpts_desktop.store.models.members import CotisationRate, Member, Payment, Profession
    from cpts_desktop.store.models.professionals import Professional, ProfessionalOpposition
    from cpts_desktop.store.models.projects import HealthAction, IndemnityRate, Remuneration, TimeEntry, action_grants
    from cpts_desktop.store.models.receipts import ReceiptSequence

# the models of each module
MODELS: dict[str, tuple[str, ...]] = {
    "aci": ("AciAccord", "AciAmount", "AciIndicator", "AciYear", "AciYearMission"),
    "association": ("Association", "College", "Commune"),
    "audit": ("AuditEntry",),
    "declarations": ("DeclarationChange", "PrefectureDeclaration"),
    "governance": ("Mandate", "StatutesArticle", "StatutesVersion"),
    "grants": (
        "BudgetLine",
        "Expense",
        "FinancialReport",
        "FinancialReportLine",
        "Funder",
        "Grant",
        "GrantDisbursement",
        "GrantDocument",
        "Installment",
        "Obligation",
    ),
    "mail": ("MailSettings", "MailTemplate", "OutgoingMessage"),
    "meetings": ("AgendaItem", "Attendance", "Meeting", "Resolution"),
    "members": ("CotisationRate", "Member", "Payment", "Profession"),
    "professionals": ("Professional", "ProfessionalOpposition"),
    "projects": ("HealthAction", "IndemnityRate", "Remuneration", "TimeEntry", "action_grants"),
    "receipts": ("ReceiptSequence",),
}
MODULE_OF = {model: module for module, models in MODELS.items() for model in models}
# the modules whose tables a module's foreign keys name
REFERENCES: dict[str, tuple[str, ...]] = {
    "aci": ("grants",),
    "declarations": ("governance", "meetings"),
    "governance": ("association", "members", "meetings"),
    "mail": ("meetings", "members"),
    "meetings": ("governance", "members"),
    "members": ("association",),
    "professionals": ("association",),
    "projects": ("aci", "grants", "members"),
}

__all__ = [
    "AciAccord",
    "AciAmount",
    "AciIndicator",
    "AciYear",
    "AciYearMission",
    "HealthAction",
    "IndemnityRate",
    "Remuneration",
    "TimeEntry",
    "action_grants",
    "AgendaItem",
    "Association",
    "Attendance",
    "AuditEntry",
    "BudgetLine",
    "College",
    "Commune",
    "CotisationRate",
    "DeclarationChange",
    "Expense",
    "FinancialReport",
    "FinancialReportLine",
    "Funder",
    "Grant",
    "GrantDocument",
    "GrantDisbursement",
    "Installment",
    "MailSettings",
    "MailTemplate",
    "Mandate",
    "Meeting",
    "Member",
    "Obligation",
    "OutgoingMessage",
    "Payment",
    "PrefectureDeclaration",
    "Profession",
    "Professional",
    "ProfessionalOpposition",
    "ReceiptSequence",
    "Resolution",
    "StatutesArticle",
    "StatutesVersion",
]


# Declared once each, one thread at a time: a thread must not find a module marked declared while another
# is still declaring the modules it references.
_declared: set[str] = set()
_declaring = threading.RLock()


def _declare(module: str) -> None:
    """Declare ``module`` and, first, the modules its foreign keys point to (each once; the references
    have cycles, so a module is marked before its references are declared)."""
    name = f"{__name__}.{module}"
    if name in _declared:
        return
    _declared.add(name)
    for needed in REFERENCES.get(module, ()):
        _declare(needed)
    import_module(name)


def __getattr__(name: str) -> Any:
    module = MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _declaring:
        _declare(module)
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def load_all() -> None:
    """Declare every model: ``Base.metadata`` then knows every table."""
    with _declaring:
        for module in MODELS:
            _declare(module)
