"""The proof of sending: per member and per meeting, the délai de convocation from each member's sent
time, and the « preuve d’envoi » PDF."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import select, update

from cpts_desktop.domain.enums import MailKind, MailSecurity, MailStatus, MeetingType, MemberStatus
from cpts_desktop.pdf.mail_proof import mail_proof_pdf
from cpts_desktop.services import meetings
from cpts_desktop.services.mail.compose import Attachment, build_message
from cpts_desktop.services.mail.outbox import Prepared, queue
from cpts_desktop.services.mail.proof import meeting_convocations, member_messages, proof
from cpts_desktop.services.mail.settings import MailConfig
from cpts_desktop.store.models import Member, OutgoingMessage

CONFIG = MailConfig("127.0.0.1", 25, MailSecurity.NONE, None, "CPTS", "secretariat@cpts-exemple.fr", None)


def _convocation(member: Member, meeting_id: int) -> Prepared:
    name = f"{member.prenom} {member.nom}"
    pdf = Attachment(f"Convocation {name}.pdf", f"%PDF-1.4 {name}".encode(), "application/pdf")
    message = build_message(CONFIG, member.email, name, "Convocation – Bureau", f"Bonjour {name}", attachments=[pdf])
    return Prepared(MailKind.CONVOCATION, member.email, name, message, member_id=member.id, meeting_id=meeting_id)


def _mark(database, member_id: int, **values: object) -> None:
    with database.sessions.begin() as session:
        session.execute(update(OutgoingMessage).where(OutgoingMessage.member_id == member_id).values(**values))


def test_proof_and_delay_from_each_members_sent_time(demo_database, tmp_path):
    database = demo_database
    with database.snapshot() as session:
        query = select(Member).where(Member.statut == MemberStatus.ACTIVE, Member.email.is_not(None))
        early, late, refused = session.scalars(query.order_by(Member.id).limit(3)).all()
    day = datetime.combine(date.today() + timedelta(days=3), datetime.min.time()).replace(hour=20)
    meeting_id = meetings.create_meeting(database, MeetingType.OTHER, day, "Salle du conseil", "Réunion du groupe")
    queue(database, "Convocations – Réunion du groupe", [_convocation(m, meeting_id) for m in (early, late, refused)])
    _mark(database, early.id, statut=MailStatus.SENT, envoye_le=day - timedelta(days=20), reponse_serveur="250 OK")
    _mark(
        database,
        late.id,
        statut=MailStatus.SENT,
        envoye_le=datetime(day.year, day.month, day.day, 9, 5) - timedelta(days=1),
        reponse_serveur="250 2.0.0 Ok: queued as 4Xk",
    )
    _mark(
        database,
        refused.id,
        statut=MailStatus.FAILED,
        reponse_serveur="adresse refusée par le serveur (550 Destinataire inconnu)",
    )

    warning = meetings.convocation_warning(database, meeting_id)
    assert warning is not None and f"{late.prenom} {late.nom}" in warning
    assert early.nom not in warning and "1 membre" in warning
    assert [line.statut for line in member_messages(database, early.id)] == [MailStatus.SENT]
    assert meeting_convocations(database, meeting_id)[refused.id].statut is MailStatus.FAILED

    data = proof(database, meeting_id=meeting_id)
    assert [line.member_id for line in data.sent] == [early.id, late.id]
    path = mail_proof_pdf(data, tmp_path / "preuve.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    packed = re.sub(r"\s", "", text)  # an address or a hash may wrap in its cell
    digest = hashlib.sha256(f"%PDF-1.4 {late.prenom} {late.nom}".encode()).hexdigest()
    assert "Preuve d’envoi" in text and "Réunion du groupe" in text
    assert f"{late.prenom} {late.nom}" in text and late.email in packed
    assert "2502.0.0Ok:queuedas4Xk" in packed.replace("\u202f", "")
    assert digest[:12] in text and digest in packed
    assert "Envois en échec – 1 message" in text and "550 Destinataire inconnu" in text
