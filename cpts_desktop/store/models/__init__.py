"""All models, imported here so that ``Base.metadata`` knows every table."""

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
