"""Text that follows the settings: `quiz_build.select_text` on its own (the hook
overrides/hooks/config_text.py only hands it each page and reports its errors)."""

from __future__ import annotations

import pytest

import quiz_build


def test_conditional_blocks_follow_the_settings() -> None:
    select = quiz_build.select_text
    text = "a\n<!-- als booking.provider -->\nb\n<!-- anders -->\nc\n<!-- einde -->\nd\n"
    assert select(text, {"booking": {"provider": "calcom"}}, "x.md") == "a\nb\nd\n"
    assert select(text, {"booking": {"email": "x@y.nl"}}, "x.md") == "a\nc\nd\n"
    negated = "<!-- als niet newsletter.action -->\ngeen\n<!-- einde -->\n"
    assert select(negated, {}, "x.md") == "geen\n"
    assert select(negated, {"newsletter": {"action": "https://x"}}, "x.md") == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\n<!-- als booking.provider -->\nb\n", "x.md:11: het blok <!-- als ... --> wordt niet"),
        ("a\n<!-- einde -->\n", "x.md:11: <!-- einde --> zonder <!-- als"),
        ("<!-- als boking.provider -->\n<!-- einde -->\n", "x.md:10: de instelling 'boking'"),
        ("<!-- als booking.provider -->\n<!-- als booking.url -->\n", "x.md:11: een nieuw"),
    ],
)
def test_a_broken_block_names_file_and_line(text: str, message: str) -> None:
    with pytest.raises(quiz_build.TextBlockError) as error:
        quiz_build.select_text(text, {"booking": {}}, "x.md", first_line=10)
    assert message in str(error.value)


def test_a_setting_left_out_of_mkdocs_yml_counts_as_unset() -> None:
    # `booking` and `newsletter` may be missing from `extra` altogether.
    text = "<!-- als booking.url -->\nagenda\n<!-- anders -->\nmail\n<!-- einde -->\n"
    assert quiz_build.select_text(text, {}, "x.md") == "mail\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- anders -->\n", "x.md:1: <!-- anders --> zonder <!-- als"),
        ("<!-- als booking.url -->\n<!-- einde x -->\n", "x.md:2: achter <!-- einde -->"),
        (
            "<!-- als booking.url -->\n<!-- anders -->\n<!-- anders -->\n<!-- einde -->\n",
            "x.md:3: twee keer <!-- anders -->",
        ),
        ("<!-- als 1x -->\n<!-- einde -->\n", "x.md:1: na 'als' hoort de naam"),
    ],
)
def test_each_kind_of_mistake_has_its_own_message(text: str, message: str) -> None:
    with pytest.raises(quiz_build.TextBlockError) as error:
        quiz_build.select_text(text, {"booking": {}}, "x.md")
    assert message in str(error.value)
