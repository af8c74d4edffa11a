"""The question checks: each question, its options, improvement clauses and lead-list names."""

from __future__ import annotations

from ._columns import normalise
from ._meaning import ANSWER, formats
from ._model import FILE_KEYS, QUESTION_TYPES, Option, Question, QuestionType
from ._reasons import ReasonChecks
from ._report import Invalid, Path, is_identifier

# A choice question offers, and an `any` joins, at least two: one would be no choice.
MIN_CHOICES = 2


class QuestionChecks(ReasonChecks):
    """Builds each question (with its options) from its plain data, reporting what is wrong."""

    def question(self, value: object, path: Path) -> Question:
        item = self.mapping(value, path, "Een vraag")
        question_id = self.identifier(item, path, "een vraag")
        what = f"vraag '{question_id}'"
        self.known_keys(item, path, set(FILE_KEYS["question"]), what)
        kind = item.get("type")
        if kind not in QUESTION_TYPES:
            message = f"Het type van {what} is {kind!r}; kies single, multi, number of boolean."
            if "type" not in item:
                raise self.missing(item, "type", path, what, message)
            raise self.fail((*path, "type"), message)
        question_type: QuestionType = kind
        label = self.text(item, "label", path, what)
        help_text = self.text(item, "help", path, what, required=False)
        required = self.boolean(item, "required", path, what, True)
        options: tuple[Option, ...] = ()
        if question_type in ("single", "multi"):
            options = self.options(item.get("options"), (*path, "options"), what, question_type)
        elif "options" in item:
            self.report((*path, "options"), f"{what} is van type {kind} en heeft geen opties.")
        minimum = maximum = None
        if question_type == "number":
            minimum = self.number(item, "min", path, what)
            maximum = self.number(item, "max", path, what)
            if minimum is not None and maximum is not None and minimum > maximum:
                raise self.fail((*path, "min"), f"Bij {what} is 'min' groter dan 'max'.")
            integer = self.boolean(item, "integer", path, what, False)
            for key, bound in (("min", minimum), ("max", maximum)):
                if integer and bound is not None and not float(bound).is_integer():
                    raise self.fail(
                        (*path, key),
                        f"Bij {what} staat 'integer: true' (alleen hele getallen), maar '{key}' is "
                        f"{bound}. Maak er een heel getal van, of haal 'integer' weg.",
                    )
        else:
            integer = False
            for key in ("min", "max", "unit", "integer"):
                if key in item:
                    self.report(
                        (*path, key), f"'{key}' hoort alleen bij een vraag van type number."
                    )
        unit = self.text(item, "unit", path, what, required=False)
        clauses = self.clauses(item, path, what, question_type)
        columns = self.names(item, "columns", path, f"'columns' van {what}")
        return Question(
            id=question_id,
            type=question_type,
            label=label,
            required=required,
            help=help_text,
            options=options,
            minimum=minimum,
            integer=integer,
            maximum=maximum,
            unit=unit,
            if_yes=clauses.get("if_yes", ""),
            if_no=clauses.get("if_no", ""),
            if_answer=clauses.get("if_answer", ""),
            columns=columns,
        )

    def names(self, item: dict[str, object], key: str, path: Path, what: str) -> tuple[str, ...]:
        """Other names for the lead list (`columns:` of a question, `values:` of an option):
        a list of texts."""
        if key not in item:
            return ()
        items = self.sequence(item[key], (*path, key), what)
        names: list[str] = []
        for index, name in enumerate(items):
            if not isinstance(name, str | int | float) or isinstance(name, bool):
                raise self.fail(
                    (*path, key, index),
                    f"{what} moet een lijst van teksten zijn, zoals [aantal medewerkers, fte].",
                )
            if not str(name).strip():
                raise self.fail((*path, key, index), f"{what} bevat een lege naam: haal die weg.")
            names.append(str(name).strip())
        return tuple(names)

    def column_names(self, questions: list[tuple[int, Question]]) -> None:
        """A column name (id, label or `columns:`) leads to one question only."""
        seen: dict[str, str] = {}
        for _, question in questions:
            for name in (question.id, question.label):
                seen.setdefault(normalise(name), question.id)
        for index, question in questions:
            for position, name in enumerate(question.columns):
                other = seen.setdefault(normalise(name), question.id)
                if other != question.id:
                    self.report(
                        ("questions", index, "columns", position),
                        f"De kolomnaam '{name}' bij vraag '{question.id}' hoort ook bij vraag "
                        f"'{other}': een kolom met die naam zou bij twee vragen horen. Haal hem "
                        "bij een van beide weg.",
                    )

    def clauses(
        self, item: dict[str, object], path: Path, what: str, kind: QuestionType
    ) -> dict[str, str]:
        """The improvement clauses of a question: `if_yes`/`if_no` or `if_answer`."""
        fits = {"if_yes": "boolean", "if_no": "boolean", "if_answer": "number"}
        found: dict[str, str] = {}
        for key, owner in fits.items():
            if key not in item:
                continue
            if kind != owner:
                self.report(
                    (*path, key),
                    f"'{key}' hoort alleen bij een vraag van type {owner}; bij een keuzevraag "
                    "krijgt elke optie haar eigen 'if_chosen'.",
                )
                continue
            found[key] = self.text(item, key, path, what)
        if_answer = found.get("if_answer", "")
        if if_answer and ("{answer}" not in if_answer or not formats(if_answer, ANSWER)):
            raise self.fail(
                (*path, "if_answer"),
                f"'if_answer' van {what} moet {{answer}} bevatten (het getal) en geen andere "
                "plaatshouder, zoals: je bedrijf {answer} medewerkers heeft.",
            )
        return found

    def options(
        self, value: object, path: Path, what: str, kind: QuestionType
    ) -> tuple[Option, ...]:
        if value is None:
            if self.suggested(path[:-1], {"options"}):
                raise Invalid()  # an unknown key of the question was taken for 'options'
            raise self.fail(path, f"{what} mist 'options': geef de keuzes.")
        items = self.sequence(value, path, f"De opties van {what}")
        if len(items) < MIN_CHOICES:
            raise self.fail(path, f"{what} heeft minstens twee opties nodig.")
        options: list[Option] = []
        seen: set[str] = set()
        for index, raw in enumerate(items):
            option_path = (*path, index)
            option = self.mapping(raw, option_path, f"Een optie van {what}")
            self.known_keys(option, option_path, set(FILE_KEYS["option"]), f"een optie van {what}")
            option_value = option.get("value")
            if not isinstance(option_value, str) or not is_identifier(option_value):
                raise self.fail(
                    (*option_path, "value"),
                    f"De 'value' {option_value!r} van een optie van {what} mag alleen kleine "
                    "letters, cijfers, '_' en '-' bevatten.",
                )
            if option_value in seen:
                raise self.fail(
                    (*option_path, "value"),
                    f"De optie '{option_value}' komt twee keer voor bij {what}.",
                )
            seen.add(option_value)
            label = self.text(option, "label", option_path, f"optie '{option_value}'")
            if_chosen = self.text(
                option, "if_chosen", option_path, f"optie '{option_value}'", required=False
            )
            exclusive = False
            if "exclusive" in option and kind != "multi":
                self.report(
                    (*option_path, "exclusive"),
                    "'exclusive' hoort alleen bij een optie van een vraag van type multi; bij "
                    f"{what} ({kind}) kiest de bezoeker altijd één optie. Haal 'exclusive' weg.",
                )
            else:
                exclusive = self.boolean(
                    option, "exclusive", option_path, f"optie '{option_value}' van {what}", False
                )
            what_values = f"'values' van optie '{option_value}' van {what}"
            aliases = self.names(option, "values", option_path, what_values)
            options.append(Option(option_value, label, if_chosen, exclusive, aliases))
        self.option_names(options, path, what)
        return tuple(options)

    def option_names(self, options: list[Option], path: Path, what: str) -> None:
        """A cell text (value, label or `values:`) of a lead list means one option only."""
        seen: dict[str, str] = {}
        for option in options:
            for name in (option.value, option.label):
                seen.setdefault(normalise(name), option.value)
        for index, option in enumerate(options):
            for position, name in enumerate(option.aliases):
                other = seen.setdefault(normalise(name), option.value)
                if other != option.value:
                    self.report(
                        (*path, index, "values", position),
                        f"'{name}' bij optie '{option.value}' van {what} is ook een naam van "
                        f"optie '{other}': een cel met die tekst zou bij twee opties horen. "
                        "Haal hem bij een van beide weg.",
                    )
