"""Property-based tests: thousands of generated answer sets, built from `quiz.questions()`.

- evaluate() never raises and always returns the four keys in the right shape;
- it is deterministic, also after a JSON round trip, and does not change its input;
- errors are given exactly when there is no outcome, and they name the broken answers;
- for valid answers: each criterion is met exactly when its conditions (read from the
  definition) hold, the outcome is `prospect` exactly when all criteria are met, and it is
  the first outcome whose `requires` are all met, so meeting more criteria never lowers it.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
from collections.abc import Mapping
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
from tests.support import examples
from tests.support.cases import RESULT_KEYS, one_sentence_problem
from tests.support.rules import ASK_WHEN, counted, exclusive, holds, selections

QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
QUESTION_IDS: list[str] = [q["id"] for q in QUESTIONS]
OUTCOME_IDS: list[str] = [o["id"] for o in quiz.questions()["outcomes"]]
CRITERION_IDS: list[str] = [c["id"] for c in quiz.questions()["criteria"]]
RANK = {outcome_id: rank for rank, outcome_id in enumerate(OUTCOME_IDS)}  # 0 is best
REQUIRES = {o.id: frozenset(o.requires) for o in quiz.default_definition().outcomes}
CONDITIONS = {c.id: c.conditions for c in quiz.default_definition().criteria}
OPTION_VALUES = sorted({o["value"] for q in QUESTIONS for o in q.get("options", [])})

MANY = settings(max_examples=examples(1000), deadline=None)

# An answer set as given to evaluate(), and the value each answer stands for (numbers typed
# as text are given as the number they mean).
Answers = dict[str, Any]
Values = dict[str, Any]


# --- strategies -----------------------------------------------------------------------


def _dutch_grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _number_answer(question: dict[str, Any]) -> st.SearchStrategy[tuple[object, float]]:
    low = question["min"] if question["min"] is not None else -1e9
    high = question["max"] if question["max"] is not None else 1e9
    whole = st.integers(math.ceil(low), math.floor(high))
    real = st.floats(low, high, allow_nan=False, allow_infinity=False)

    def comma_text(x: float) -> tuple[object, float]:
        text = f"{x:.2f}"
        return text.replace(".", ","), float(text)

    wholes = [
        whole.map(lambda n: (n, n)),
        whole.map(lambda n: (str(n), n)),
        whole.map(lambda n: (_dutch_grouped(n), n)),
        whole.map(lambda n: (f" {n} ", n)),
    ]
    if question.get("integer"):  # a count: only whole numbers are valid answers
        return st.one_of(wholes)
    return st.one_of(
        *wholes,
        real.map(lambda x: (x, x)),
        real.map(comma_text).filter(lambda pair: low <= pair[1] <= high),
    )


def valid_answer(question: dict[str, Any]) -> st.SearchStrategy[tuple[object, object]]:
    """(answer, value) pairs that are valid for `question` according to its type."""
    kind = question["type"]
    if kind == "boolean":
        return st.booleans().map(lambda b: (b, b))
    if kind == "number":
        return _number_answer(question)
    values = [option["value"] for option in question["options"]]
    if kind == "single":
        return st.sampled_from(values).map(lambda v: (v, v))
    return selections(question).map(lambda vs: (vs, vs))


VALID_ANSWERS = {q["id"]: valid_answer(q) for q in QUESTIONS}


def _split(pairs: dict[str, tuple[object, object]]) -> tuple[Answers, Values]:
    return {q: pair[0] for q, pair in pairs.items()}, {q: pair[1] for q, pair in pairs.items()}


def valid_sets() -> st.SearchStrategy[tuple[Answers, Values]]:
    """Every required question answered validly; optional ones answered or left out."""
    return st.fixed_dictionaries(
        {q["id"]: VALID_ANSWERS[q["id"]] for q in QUESTIONS if q["required"]},
        optional={q["id"]: VALID_ANSWERS[q["id"]] for q in QUESTIONS if not q["required"]},
    ).map(_split)


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(OPTION_VALUES),
    st.sampled_from(["", " ", "5", "4", "1.000", "2,5", "veel", "0", "-1", "1e3", "NaN"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.sampled_from(OPTION_VALUES), max_size=4),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
    ),
    max_leaves=8,
)
UNKNOWN_KEYS = st.text(max_size=15).filter(lambda key: key not in QUESTION_IDS)


@st.composite
def mutated_sets(draw: st.DrawFn) -> tuple[Answers, set[str], set[str]]:
    """A valid set with some answers removed, some replaced by any JSON value and some
    unknown keys added. Returns the answers, the changed question ids and the extra keys."""
    answers, _ = draw(valid_sets())
    dropped = draw(st.sets(st.sampled_from(QUESTION_IDS), max_size=3))
    replaced = draw(st.dictionaries(st.sampled_from(QUESTION_IDS), JSON_VALUES, max_size=4))
    for question_id in dropped:
        answers.pop(question_id, None)
    answers.update(replaced)
    changed = dropped | set(replaced)
    extra = draw(st.dictionaries(UNKNOWN_KEYS, JSON_VALUES, max_size=3))
    answers.update(extra)
    return answers, changed, set(extra)


# Anything a page script might pass in: a valid set, a broken one, or any JSON value.
ANY_JSON_INPUT = st.one_of(
    valid_sets().map(lambda pair: pair[0]),
    mutated_sets().map(lambda triple: triple[0]),
    JSON_VALUES,
)
# Python-only oddities: keys that are not strings, values JSON does not have.
PYTHON_ODDITIES = st.dictionaries(
    st.one_of(st.sampled_from(QUESTION_IDS), st.integers(), st.none(), st.tuples(st.text())),
    st.one_of(
        JSON_VALUES,
        st.integers(),  # unbounded: very large integers
        st.tuples(st.sampled_from(OPTION_VALUES)),
        st.sets(st.sampled_from(OPTION_VALUES)),
        st.binary(max_size=4),
        st.complex_numbers(),
    ),
    max_size=10,
)


# --- shared checks --------------------------------------------------------------------


def check_shape(result: Any) -> None:
    """The result's shape (`quiz.Result`, which the page reads), whatever the input was."""
    assert isinstance(result, dict)
    assert set(result) == RESULT_KEYS
    json.dumps(result, allow_nan=False)  # JSON-ready, as it crosses into JavaScript

    errors = result["errors"]
    assert isinstance(errors, list)
    for error in errors:
        assert set(error) == {"question", "message"}
        assert error["question"] is None or isinstance(error["question"], str)
        assert isinstance(error["message"], str)
        assert error["message"].strip()
    assert isinstance(result["criteria"], dict)

    if result["outcome"] is None:
        assert errors, "no outcome without saying why"
        assert result["next_step"] is None or isinstance(result["next_step"], dict)
        return
    assert errors == [], "an outcome means the answers were valid"
    assert result["outcome"] in OUTCOME_IDS
    assert set(result["criteria"]) == set(CRITERION_IDS)
    for verdict in result["criteria"].values():
        assert set(verdict) == {"met", "reason", "asked"}
        assert isinstance(verdict["met"], bool)
        assert one_sentence_problem(verdict["reason"]) is None
    step = result["next_step"]
    assert isinstance(step, dict)
    assert step["kind"] in ("booking", "articles")
    assert isinstance(step["title"], str)
    assert step["title"].strip()
    assert isinstance(step["links"], list)


def first_outcome(met: set[str]) -> str:
    """The tier rule of the definition: the first outcome whose requires are all met."""
    return next(outcome_id for outcome_id in OUTCOME_IDS if REQUIRES[outcome_id] <= met)


def met_criteria(result: Mapping[str, Any]) -> set[str]:
    return {cid for cid, verdict in result["criteria"].items() if verdict["met"]}


def predicted_asked(answers: Answers) -> dict[str, bool | None]:
    """Per question whether it is asked; None when that hangs on reading text as a number."""
    kept: Values = {}
    unsure: set[str] = set()
    asked: dict[str, bool | None] = {}
    for question in QUESTIONS:
        question_id = question["id"]
        reads = {r.question for c in ASK_WHEN[question_id] for r in (c.any_of_conditions or (c,))}
        if reads & unsure:
            asked[question_id] = None
            unsure.add(question_id)
            continue
        asked[question_id] = all(holds(c, kept) for c in ASK_WHEN[question_id])
        invalid = predicted_invalid(question, answers)
        value = answers.get(question_id)
        if invalid is None:
            unsure.add(question_id)
        elif asked[question_id] and not invalid and value not in (None, [], ""):
            kept[question_id] = value
    return asked


def predicted_invalid(question: dict[str, Any], answers: Answers) -> bool | None:
    """Whether the answer to `question` must give an error; None when we cannot tell
    without reading text as a number (that is what the engine's own tests cover)."""
    present = question["id"] in answers
    value = answers.get(question["id"])
    blank = value is None or value == [] or (isinstance(value, str) and not value.strip())
    if not present or blank:
        return bool(question["required"])
    kind = question["type"]
    options = {option["value"] for option in question.get("options", [])}
    if kind == "boolean":
        return not isinstance(value, bool)
    if kind == "single":
        return not (isinstance(value, str) and value in options)
    if kind == "multi":
        return not (
            isinstance(value, list)
            and all(isinstance(v, str) and v in options for v in value)
            and len(set(value)) == len(value)
            and (len(value) == 1 or not exclusive(question) & set(value))
        )
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        low = question["min"] if question["min"] is not None else -math.inf
        high = question["max"] if question["max"] is not None else math.inf
        if question.get("integer") and math.isfinite(value) and not float(value).is_integer():
            return True  # a count takes whole numbers only
        return math.isnan(value) or not low <= value <= high
    if isinstance(value, str):
        return None
    return True


# --- properties -----------------------------------------------------------------------


@MANY
@given(ANY_JSON_INPUT)
def test_never_raises_and_is_deterministic(answers: Any) -> None:
    """Any JSON input: a result of the right shape, errors exactly when there is no
    outcome, the same result every time and after a JSON round trip, input unchanged."""
    before = json.dumps(answers)
    result = quiz.evaluate(answers)
    check_shape(result)
    assert bool(result["errors"]) == (result["outcome"] is None)
    assert json.dumps(answers) == before, "evaluate must not change its input"
    assert quiz.evaluate(answers) == result
    assert quiz.evaluate(copy.deepcopy(answers)) == result
    assert quiz.evaluate(json.loads(json.dumps(answers))) == result
    assert json.loads(json.dumps(result)) == result


@MANY
@given(PYTHON_ODDITIES)
def test_never_raises_on_python_oddities(answers: dict[Any, Any]) -> None:
    result = quiz.evaluate(answers)
    check_shape(result)
    assert bool(result["errors"]) == (result["outcome"] is None)
    if any(not isinstance(key, str) for key in answers):
        assert None in [error["question"] for error in result["errors"]]


@MANY
@given(mutated_sets())
def test_errors_name_exactly_the_broken_answers(
    mutated: tuple[Answers, set[str], set[str]],
) -> None:
    answers, changed, extra = mutated
    result = quiz.evaluate(answers)
    named = [error["question"] for error in result["errors"]]
    assert len(named) == len(set(named)), "one error per question"
    assert set(named) <= changed | extra, "untouched valid answers give no error"
    assert extra <= set(named), "every unknown key is reported"
    asked = predicted_asked(answers)
    for question in QUESTIONS:
        if asked[question["id"]] is None:
            continue
        if not asked[question["id"]]:  # not asked: its answer is ignored, never an error
            assert question["id"] not in named, (question["id"], answers)
            continue
        invalid = predicted_invalid(question, answers)
        if invalid is not None:
            assert (question["id"] in named) == invalid, (question["id"], answers)


@MANY
@given(valid_sets())
def test_valid_answers_follow_the_definition(pair: tuple[Answers, Values]) -> None:
    answers, values = pair
    result = quiz.evaluate(answers)
    check_shape(result)
    assert result["errors"] == []
    for criterion_id, conditions in CONDITIONS.items():
        expected = all(holds(condition, counted(values)) for condition in conditions)
        assert result["criteria"][criterion_id]["met"] is expected, criterion_id
    met = met_criteria(result)
    assert (result["outcome"] == "prospect") == (met == set(CRITERION_IDS))
    assert result["outcome"] == first_outcome(met)


SAME_LENGTH_AS_QUESTIONS = st.lists(st.booleans(), min_size=len(QUESTIONS), max_size=len(QUESTIONS))


@MANY
@given(valid_sets(), valid_sets(), SAME_LENGTH_AS_QUESTIONS)
def test_meeting_more_criteria_never_lowers_the_outcome(
    first: tuple[Answers, Values], second: tuple[Answers, Values], take: list[bool]
) -> None:
    """Two valid sets, a mix of them question by question, and the first with one answer
    taken from the second: whenever the criteria one of these meets include those another
    meets, its outcome ranks at least as high."""
    base, other = first[0], second[0]
    mixed: Answers = {}
    for question_id, use_other in zip(QUESTION_IDS, take, strict=True):
        source = other if use_other else base
        if question_id in source:
            mixed[question_id] = source[question_id]
    base_result = quiz.evaluate(base)
    neighbours = [quiz.evaluate({**base, q: other[q]}) for q in QUESTION_IDS if q in other]
    results = [base_result, quiz.evaluate(other), quiz.evaluate(mixed), *neighbours]
    for a, b in itertools.permutations(results, 2):
        if met_criteria(a) >= met_criteria(b):
            assert RANK[str(a["outcome"])] <= RANK[str(b["outcome"])], (a, b)
    # Not vacuous: changing a single answer mostly leaves the met criteria comparable.
    base_met = met_criteria(base_result)
    assert any(met_criteria(n) >= base_met or met_criteria(n) <= base_met for n in neighbours)


# --- the tier rule itself -------------------------------------------------------------


def test_the_tier_rule_is_monotone_for_every_set_of_criteria() -> None:
    """All 2^5 sets of met criteria: a superset never gets a lower tier."""
    subsets = [
        frozenset(combination)
        for size in range(len(CRITERION_IDS) + 1)
        for combination in itertools.combinations(CRITERION_IDS, size)
    ]
    assert len(subsets) == 2 ** len(CRITERION_IDS)
    for small, large in itertools.product(subsets, repeat=2):
        if small <= large:
            assert RANK[first_outcome(set(large))] <= RANK[first_outcome(set(small))]
    assert first_outcome(set(CRITERION_IDS)) == "prospect"
    for missing in CRITERION_IDS:
        assert first_outcome(set(CRITERION_IDS) - {missing}) != "prospect", missing
    assert REQUIRES[OUTCOME_IDS[-1]] == frozenset(), "the last tier catches everybody"
