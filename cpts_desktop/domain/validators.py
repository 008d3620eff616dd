"""Validation and normalisation of what a secretary types or imports, with French messages.

Each ``clean_*`` function takes raw text and returns the normalised value, or raises
``ValidationError`` naming the field. The GUI, the CLI and the importer all call these.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.exceptions import InvalidComponent as _InvalidComponent
from stdnum.exceptions import InvalidLength as _InvalidLength
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

from cpts_desktop.domain.errors import ValidationError
from cpts_desktop.domain.identifiers import is_valid_finess, luhn_is_valid, national_to_adeli, national_to_rpps
from cpts_desktop.domain.text import control_characters

_SEPARATORS = re.compile(r"[\s.\-_/]+")
_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value.strip())


def clean_text(value: str, field: str, multiline: bool = False) -> str:
    """Spaces trimmed (and, on one line, runs of spaces, tabs and line breaks made one space); refused
    when it holds an invisible control character, which no screen shows and no spreadsheet accepts."""
    text = value.replace("\r\n", "\n").strip() if multiline else " ".join(value.split())
    found = control_characters(text)
    if found:
        what = "un caractère invisible" if len(found) == 1 else "des caractères invisibles"
        raise ValidationError(
            field,
            f"{field} : la valeur contient {what} ({', '.join(found)}) qu’on ne peut pas enregistrer : "
            "retapez-la au clavier plutôt que de la coller.",
        )
    return text


def clean_rpps(value: str, field: str = "RPPS") -> str:
    """11 digits with a Luhn key; the national form « 8 » + RPPS (« 810001045367 ») is accepted."""
    digits = national_to_rpps(_compact(value))
    if not digits.isdigit() or len(digits) != 11:
        raise ValidationError(field, f"{field} : « {value.strip()} » doit comporter 11 chiffres.")
    if not luhn_is_valid(digits):
        raise ValidationError(field, f"{field} : la clé de contrôle de « {digits} » est fausse (numéro mal recopié ?).")
    return digits


def clean_adeli(value: str, field: str = "ADELI") -> str:
    """9 digits; the national form « 0 » + ADELI is accepted."""
    digits = national_to_adeli(_compact(value))
    if not digits.isdigit() or len(digits) != 9:
        raise ValidationError(field, f"{field} : « {value.strip()} » doit comporter 9 chiffres.")
    return digits


def clean_finess(value: str, field: str = "FINESS") -> str:
    text = _compact(value).upper()
    if len(text) != 9 or not (text.isdigit() or (text[:2] in ("2A", "2B") and text[2:].isdigit())):
        raise ValidationError(
            field, f"{field} : « {value.strip()} » doit comporter 9 caractères (département puis 7 chiffres)."
        )
    if not is_valid_finess(text):
        raise ValidationError(field, f"{field} : la clé de contrôle de « {text} » est fausse (numéro mal recopié ?).")
    return text


def clean_siret(value: str, field: str = "SIRET") -> str:
    """A SIRET (14 digits) or, failing that, a SIREN (9 digits), checked by python-stdnum."""
    digits = _compact(value)
    if not digits.isdigit() or len(digits) not in (9, 14):
        raise ValidationError(field, f"{field} : « {value.strip()} » doit comporter 14 chiffres (SIRET) ou 9 (SIREN).")
    validate = _siret.validate if len(digits) == 14 else _siren.validate
    try:
        return validate(digits)
    except _StdnumError as error:
        raise ValidationError(
            field, f"{field} : « {digits} » n’est pas un numéro valide (clé de contrôle fausse)."
        ) from error


def clean_email(value: str, field: str = "Email") -> str:
    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.match(text) or ".." in text:
        raise ValidationError(field, f"{field} : « {value.strip()} » n’est pas une adresse électronique valide.")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_postal_code(value: str, field: str = "Code postal") -> str:
    digits = _compact(value)
    if digits.isdigit() and len(digits) == 4:
        digits = "0" + digits  # a spreadsheet dropped the leading zero (01000 → 1000)
    if not digits.isdigit() or len(digits) != 5 or not ("01000" <= digits <= "98999"):
        raise ValidationError(field, f"{field} : « {value.strip()} » n’est pas un code postal français (5 chiffres).")
    return digits


def clean_phone(value: str, field: str = "Téléphone") -> str:
    """« 06 12 34 56 78 »; accepts +33, 0033, dots and dashes, and a leading zero lost by a spreadsheet."""
    text = re.sub(r"[\s.\-()/]+", "", value.strip())
    for prefix in ("+33", "0033", "0"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if len(text) == 10 and text.startswith("0"):
        text = text[1:]  # « +33 (0)6 12… » written with its zero
    if not text.isdigit() or len(text) != 9 or text.startswith("0"):
        raise ValidationError(field, f"{field} : « {value.strip()} » n’est pas un numéro français (10 chiffres).")
    text = "0" + text
    return " ".join(text[i : i + 2] for i in range(0, 10, 2))


_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$"), ("d", "m", "yy")),
)
EXCEL_EPOCH = date(1899, 12, 30)
# The dates an association's records can hold: anything outside is a typing slip (« 0001 », « 20227 »).
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def clean_date(value: object, field: str = "Date") -> date:
    """A real date between 1900 and 2100 from an Excel cell or from « 20/03/2027 », « 2027-03-20 »,
    « 20.03.27 »."""
    return _in_range(_read_date(value, field), field)


def _read_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 10_000 <= value <= 80_000:  # an Excel serial number shown without its date format
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValidationError(field, f"{field} : « {value} » n’est pas une date.")
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            year = parts["y"] if "y" in parts else parts["yy"] + (2000 if parts["yy"] < 70 else 1900)
            if not FIRST_DATE.year <= year <= LAST_DATE.year:
                raise _out_of_range(text, field)
            try:
                return date(year, parts["m"], parts["d"])
            except ValueError:
                break
    raise ValidationError(field, f"{field} : « {text} » n’est pas une date valide (attendu jj/mm/aaaa).")


_MOMENT = re.compile(
    r"^(?P<day>\S+?)(?:\s*T\s*|\s+(?:à\s+)?)(?P<hour>\d{1,2})\s*"
    r"(?:[hH]\s*(?P<minutes>\d{2})?|:(?P<minute>\d{2})(?::(?P<second>\d{2}))?)$"
)


def clean_datetime(value: object, field: str = "Date et heure") -> datetime:
    """A day (as ``clean_date`` reads it) and a time: « 20/03/2027 18:30 », « 20/03/2027 18h30 »,
    « 20/03/2027 à 18 h », « 2027-03-20T18:30 », « 2027-03-20 18:30:00 ». The form, the command line and
    the importer all read a meeting's moment here."""
    if isinstance(value, datetime):
        clean_date(value, field)
        return value
    text = " ".join(str(value).split())
    match = _MOMENT.match(text)
    if match is None:
        raise ValidationError(field, f"{field} : « {text} » n’est pas une date et une heure (ex. 20/03/2027 18:30).")
    day = clean_date(match["day"], field)
    hour, minute = int(match["hour"]), int(match["minute"] or match["minutes"] or 0)
    if hour > 23 or minute > 59 or int(match["second"] or 0) > 59:
        raise ValidationError(field, f"{field} : « {text} » : l’heure n’existe pas (de 00:00 à 23:59).")
    return datetime(day.year, day.month, day.day, hour, minute)


def _in_range(day: date, field: str) -> date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise _out_of_range(f"{day.day:02d}/{day.month:02d}/{day.year:04d}", field)
    return day


def _out_of_range(text: str, field: str) -> ValidationError:
    return ValidationError(
        field, f"{field} : « {text} » est hors des dates acceptées (de 1900 à 2100) : vérifiez l’année."
    )


# Money columns are Numeric(12, 2): ten digits before the decimal point, two after.
MAX_AMOUNT = Decimal("9999999999.99")
LARGEST = "9\u202f999\u202f999\u202f999,99\u00a0€"  # as i18n writes it: never cut at the end of a line
CENT = Decimal("0.01")
_AMOUNT = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")


def _amount_digits(text: str) -> str:
    """« 1 234,50 € », « 1234.50 EUR » → « 1234.50 »: spaces (also U+00A0, U+202F) and the currency
    dropped. A dot before a decimal comma (« 1.234,50 ») stays, and is refused: one reading only."""
    compact = "".join(text.replace("€", "").split())
    if compact[-3:].upper() == "EUR":
        compact = compact[:-3]
    return compact.replace(",", ".")


def clean_amount(value: str | Decimal | int, field: str = "Montant", negative: bool = False) -> Decimal:
    """« 30 », « 30,5 », « 1 234,50 € », « 1234.50 » → Decimal('1234.50'), at most
    9 999 999 999,99 €; refuses exponents (« 1e20 »), a third decimal, NaN and infinities, and negative
    amounts unless ``negative``."""
    shown = str(value).strip()
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValidationError(field, f"{field} : « {shown} » n’est pas un montant.")
    if isinstance(value, str):
        compact = _amount_digits(value)
        if not _AMOUNT.match(compact):
            raise ValidationError(field, f"{field} : « {shown} » n’est pas un montant (ex. 1 234,50).")
        value = Decimal(compact)
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValidationError(field, f"{field} : « {shown} » n’est pas un montant.")
    if amount < 0 and not negative:
        raise ValidationError(field, f"{field} : « {shown} » n’est pas un montant positif.")
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(field, f"{field} : « {shown} » dépasse le maximum ({LARGEST}).")
    try:
        rounded = amount.quantize(CENT)
    except InvalidOperation as error:  # more digits than the context holds: far beyond two decimals
        raise ValidationError(field, f"{field} : « {shown} » a plus de deux décimales.") from error
    if rounded != amount:
        raise ValidationError(field, f"{field} : « {shown} » a plus de deux décimales.")
    return rounded


def clean_rna(value: str, field: str = "RNA") -> str:
    """« W » followed by 9 digits or capital letters (associations of Alsace-Moselle have none)."""
    text = _compact(value).upper()
    if not re.fullmatch(r"W[0-9A-Z]{9}", text):
        raise ValidationError(field, f"{field} : « {value.strip()} » doit être un W suivi de 9 chiffres ou lettres.")
    return text


def clean_iban(value: str, field: str = "IBAN") -> str:
    """Checked by ISO 13616 (mod 97); shown in groups of four as on a RIB."""
    try:
        compact = _iban.validate(value)
    except _StdnumError as error:
        raise ValidationError(
            field, f"{field} : « {value.strip()} » n’est pas un IBAN valide (clé de contrôle ou longueur)."
        ) from error
    return _iban.format(compact)


def clean_bic(value: str, field: str = "BIC") -> str:
    """Bank, country and location codes (and the branch, optional), checked by python-stdnum."""
    text = _compact(value).upper()
    try:
        return str(_bic.validate(text))
    except _InvalidLength as error:
        reason = "8 ou 11 caractères"
        raise ValidationError(field, f"{field} : « {value.strip()} » n’est pas un BIC ({reason}).") from error
    except _InvalidComponent as error:
        reason = f"« {text[4:6]} » n’est pas un code de pays"
        raise ValidationError(field, f"{field} : « {value.strip()} » n’est pas un BIC ({reason}).") from error
    except _StdnumError as error:
        reason = "4 lettres pour la banque, 2 pour le pays, puis 2 ou 5 lettres ou chiffres"
        raise ValidationError(field, f"{field} : « {value.strip()} » n’est pas un BIC ({reason}).") from error
