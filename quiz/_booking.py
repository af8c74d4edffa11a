"""Result + answers + booking configuration -> the link behind "Plan een afspraak".

Runs in the browser (Pyodide) and at build time alike, standard library only. Every value
that ends up in a link is percent-encoded here; nothing a visitor typed is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast
from urllib.parse import quote, urlencode, urlsplit

from ._engine import check_answers, evaluate
from ._model import Answer, Definition, Question

Provider = Literal["calcom", "calendly", "email"]
PROVIDERS: tuple[Provider, ...] = ("calcom", "calendly", "email")
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
CALENDLY_ANSWER_FIELDS = 10  # Calendly prefills custom answers a1 ... a10
_MAX_VALUE = 200  # longest utm or contact value passed on
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]{1,63}(?:\.[^@\s.]{1,63})+")


class BookingConfigError(ValueError):
    """The booking settings in mkdocs.yml (extra.booking) cannot be used."""


@dataclass(frozen=True)
class BookingConfig:
    provider: Provider
    email: str
    url: str = ""


def booking_config(raw: object) -> BookingConfig:
    """Check `extra.booking` from mkdocs.yml; raise BookingConfigError in Dutch."""
    if not isinstance(raw, Mapping):
        raise BookingConfigError("extra.booking moet 'provider', 'url' en 'email' bevatten.")
    settings = cast(Mapping[str, object], raw)
    unknown = set(settings) - {"provider", "url", "email"}
    if unknown:
        raise BookingConfigError(
            f"extra.booking: onbekende sleutel '{sorted(unknown)[0]}'; "
            "gebruik provider, url en email."
        )
    provider = settings.get("provider", "email")
    if provider not in PROVIDERS:
        raise BookingConfigError(
            f"extra.booking.provider is {provider!r}; kies calcom, calendly of email."
        )
    email = settings.get("email")
    if not isinstance(email, str) or not _EMAIL.fullmatch(email):
        raise BookingConfigError(
            "extra.booking.email moet het e-mailadres van het bedrijf zijn, zoals "
            "info@closeforce.nl (nodig als terugval)."
        )
    url = settings.get("url", "")
    if provider != "email":
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme != "https" or not parts.netloc or parts.fragment:
            raise BookingConfigError(
                f"extra.booking.url moet de https-link naar je {provider}-agenda zijn, zoals "
                "https://cal.com/closeforce/kennismaking."
            )
    elif url:
        raise BookingConfigError("extra.booking.url hoort bij calcom of calendly, niet bij email.")
    return BookingConfig(provider, email, cast(str, url))


def booking_link(
    definition: Definition,
    answers: object,
    config: BookingConfig,
    *,
    contact: object = None,
    utm: object = None,
) -> dict[str, Any]:
    """The booking (or mailto) link with the answers passed on.

    Returns `{"url": str, "provider": str, "errors": [...]}`; invalid answers or contact
    details give errors (question id "name" / "email" for the contact fields) and no url.
    """
    checked, errors = check_answers(definition, answers)
    name, email, contact_errors = _contact(definition, contact)
    errors += contact_errors
    if errors:
        return {"url": "", "provider": config.provider, "errors": errors}
    texts = definition.booking
    lines = [
        f"{q.label} {_show_answer(definition, q, checked.get(q.id))}" for q in definition.questions
    ]
    result = evaluate(definition, answers)
    outcome = definition.outcome(str(result["outcome"]))
    summary = outcome.label if outcome is not None else ""
    tracking = _utm(utm)

    if config.provider == "email":
        subject = texts["subject"].format(outcome=summary)
        body = "\n".join(
            [texts["intro"], "", *lines, "", f"{texts['outcome']} {summary}"]
            + ([f"{texts['name']} {name}"] if name else [])
            + ([f"{texts['email']} {email}"] if email else [])
        )
        query = urlencode({"subject": subject, "body": body}, quote_via=quote)
        return {
            "url": f"mailto:{quote(config.email, safe='@')}?{query}",
            "provider": "email",
            "errors": [],
        }

    params: list[tuple[str, str]] = []
    if name:
        params.append(("name", name))
    if email:
        params.append(("email", email))
    if config.provider == "calcom":
        params.append(("notes", "\n".join([f"{texts['outcome']} {summary}", *lines])))
        for question in definition.questions:
            answer = checked.get(question.id)
            values = answer if isinstance(answer, list) else [answer]
            params += [
                (question.id, _show_answer(definition, question, value))
                for value in values
                if value is not None
            ]
    else:
        fields = lines[: CALENDLY_ANSWER_FIELDS - 1]
        rest = lines[CALENDLY_ANSWER_FIELDS - 1 :]
        fields.append(" | ".join(rest) if rest else f"{texts['outcome']} {summary}")
        params += [(f"a{index}", text) for index, text in enumerate(fields, start=1)]
    params += tracking
    separator = "&" if urlsplit(config.url).query else "?"
    url = config.url + separator + urlencode(params, quote_via=quote)
    return {"url": url, "provider": config.provider, "errors": []}


# --- Helper functions -----------------------------------------------------------------


def _show_answer(definition: Definition, question: Question, answer: Answer | None) -> str:
    texts = definition.booking
    if answer is None:
        return texts["unanswered"]
    if isinstance(answer, bool):
        return texts["answer_yes"] if answer else texts["answer_no"]
    if isinstance(answer, list):
        return ", ".join(question.option_label(value) for value in answer)
    if isinstance(answer, str):
        return question.option_label(answer)
    return f"{answer} {question.unit}".strip()


def _contact(
    definition: Definition, contact: object
) -> tuple[str, str, list[dict[str, str | None]]]:
    """Name and e-mail the visitor may add for the booking; both optional."""
    if contact is None:
        return "", "", []
    if not isinstance(contact, Mapping):
        return "", "", [{"question": None, "message": definition.messages["wrong_type"]}]
    fields = cast(Mapping[str, object], contact)
    errors: list[dict[str, str | None]] = []
    values: dict[str, str] = {}
    for key in ("name", "email"):
        value = fields.get(key) or ""
        if not isinstance(value, str) or len(value) > _MAX_VALUE or not _encodable(value):
            errors.append({"question": key, "message": definition.messages["wrong_type"]})
            continue
        values[key] = " ".join(value.split())
    if values.get("email") and not _EMAIL.fullmatch(values["email"]):
        errors.append({"question": "email", "message": definition.booking["invalid_email"]})
    return values.get("name", ""), values.get("email", ""), errors


def _utm(utm: object) -> list[tuple[str, str]]:
    """The utm_* parameters of the landing URL, in a fixed order; anything else is dropped."""
    if not isinstance(utm, Mapping):
        return []
    values = cast(Mapping[str, object], utm)
    return [
        (key, " ".join(value.split())[:_MAX_VALUE])
        for key in UTM_KEYS
        if isinstance(value := values.get(key), str) and value.strip() and _encodable(value)
    ]


def _encodable(text: str) -> bool:
    """False for text with lone surrogates (JavaScript strings may have them): no UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
