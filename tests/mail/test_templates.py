"""Message templates: shipped defaults, the association's own wording, fields checked when saved, and a
field without value for a member left out sensibly."""

from __future__ import annotations

import pytest

from cpts_desktop.domain.enums import MailKind
from cpts_desktop.domain.errors import CptsError
from cpts_desktop.services.mail.templates import (
    KIND_FIELDS,
    Template,
    UnknownField,
    default_template,
    fields_of,
    render,
    reset_template,
    save_template,
    template,
)


@pytest.mark.parametrize("nature", list(MailKind))
def test_every_kind_ships_a_template_using_only_its_fields(nature):
    shipped = default_template(nature)
    assert shipped.objet and shipped.corps.strip()
    assert set(fields_of(shipped.objet) + fields_of(shipped.corps)) <= set(KIND_FIELDS[nature])


def test_a_field_without_value_leaves_its_line_out():
    draft = Template(
        "Cotisation {annee} – {association}",
        "{formule}\n\nBonjour {prenom} {nom},\nMontant restant dû : {montant_du}.\nMerci.\n",
    )
    owing = render(
        draft,
        {
            "formule": "Docteur,",
            "prenom": "Léna",
            "nom": "Quérel",
            "annee": "2027",
            "montant_du": "45,00 €",
            "association": "CPTS",
        },
    )
    assert owing.objet == "Cotisation 2027 – CPTS"
    assert "Bonjour Léna Quérel," in owing.corps and "Montant restant dû : 45,00 €." in owing.corps
    structure = render(
        draft,
        {
            "formule": "Madame, Monsieur,",
            "prenom": None,
            "nom": "Pharmacie du Pont",
            "annee": "2027",
            "montant_du": None,
            "association": "CPTS",
        },
    )
    assert "Bonjour Pharmacie du Pont," in structure.corps  # no double space for the missing first name
    assert "Montant restant dû" not in structure.corps and "Merci." in structure.corps


@pytest.mark.parametrize(
    ("objet", "corps", "message"),
    [
        ("Convocation", "Bonjour {prenon},", "Champ inconnu dans le texte : « {prenon} »"),
        ("Convocation {montant_du}", "Bonjour,", "« {montant_du} » n’a pas de valeur dans un message « convocation »"),
        ("Convocation", "Bonjour {prenom.__class__},", "Champ mal écrit"),
        ("Convocation", "Bonjour {prenom", "Accolade mal fermée"),
        ("", "Bonjour,", "L’objet du message est vide"),
    ],
)
def test_a_wrong_template_is_refused_in_french(database, objet, corps, message):
    with pytest.raises(CptsError, match=message.replace("(", r"\(").replace("{", r"\{").replace("}", r"\}")):
        save_template(database, MailKind.CONVOCATION, objet, corps)
    assert template(database, MailKind.CONVOCATION) == default_template(MailKind.CONVOCATION)


def test_the_associations_wording_is_kept_until_reset(database):
    save_template(database, MailKind.REMINDER, "Votre cotisation {annee}", "{formule}\nIl reste {montant_du}.\n")
    assert template(database, MailKind.REMINDER) == Template(
        "Votre cotisation {annee}", "{formule}\nIl reste {montant_du}.\n"
    )
    with pytest.raises(UnknownField):
        save_template(database, MailKind.REMINDER, "Votre cotisation {annee}", "{reunion}")
    assert reset_template(database, MailKind.REMINDER) == default_template(MailKind.REMINDER)
    assert template(database, MailKind.REMINDER) == default_template(MailKind.REMINDER)
