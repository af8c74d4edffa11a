"""The preview never freezes: under `mkdocs serve` a mistake a hook finds shows as a Dutch
banner on every page (and in the terminal) and goes away when it is fixed, while
`mkdocs build` still stops with the same message (overrides/hooks/preview.py,
overrides/hooks/preview_banner.py)."""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from mkdocs.exceptions import PluginError

import preview
from tests.support import ROOT, wait_for
from tests.support.browser import Contexts
from tests.support.serve import ServedProject, mkdocs_serve
from tests.support.site import build_site, make_variant_project

DEFINITION = Path("docs") / "zelftest" / "definitie.yml"
# A condition that names a question that does not exist (a typo in its id).
GOOD_CONDITION = "      - question: behoefte\n"
BROKEN_CONDITION = "      - question: behoefe\n"
FORM = "data-quiz"
BANNER = re.compile(r'<div class="cf-preview" role="alert".*?</div>', re.S)
PROBLEM = re.compile(r'<p class="cf-preview__problem">(.*?)</p>', re.S)
SHOTS = ROOT / "build" / "screenshots"


def _broken_definition() -> tuple[str, str, int]:
    """The shipped definition, a copy with the typo, and the typo's line."""
    text = (ROOT / DEFINITION).read_text(encoding="utf-8")
    assert text.count(GOOD_CONDITION) == 1, "the definition changed: pick another condition"
    broken = text.replace(GOOD_CONDITION, BROKEN_CONDITION)
    return text, broken, broken[: broken.index(BROKEN_CONDITION)].count("\n") + 1


def _problems(page: str) -> list[str]:
    """The messages of the page's banner, as text; [] without a banner."""
    banner = BANNER.search(page)
    return [html.unescape(p) for p in PROBLEM.findall(banner[0])] if banner else []


def _rebuilds(served: ServedProject) -> int:
    return served.terminal().count("Reloading browsers")


def _banner_after_rebuild(served: ServedProject, before: int, expected: str) -> list[str]:
    """Once the rebuild that reported `expected` is done, home and blog show it within 3 s."""
    wait_for(
        lambda: expected in served.terminal() and _rebuilds(served) > before,
        f"the rebuild reporting {expected!r}",
    )
    start = time.monotonic()
    pages = {path: served.get(path, timeout=3) for path in ("", "blog/")}
    elapsed = time.monotonic() - start
    assert elapsed < 3, f"the pages took {elapsed:.1f} s"
    problems = _problems(pages[""])
    assert problems, "no banner on the home page"
    assert _problems(pages["blog/"]) == problems, "the blog shows another banner"
    assert any(expected in problem for problem in problems), problems
    for problem in problems:  # the banner says what the terminal says
        assert problem in served.terminal(), problem
    return problems


def _no_banner(served: ServedProject) -> None:
    def clean() -> bool:
        pages = [served.get(path) for path in ("", "blog/")]
        return all("<html" in page and not _problems(page) for page in pages)

    wait_for(clean, "home and blog without the banner")


# --- The helper ------------------------------------------------------------------------


@pytest.fixture
def session() -> Iterator[None]:
    yield
    preview.start("build")  # as a fresh process: other tests expect a raise


def test_report_stops_a_build(session: None) -> None:
    preview.start("build")
    with pytest.raises(PluginError, match=r"^docs/x\.md:3: fout$"):
        preview.report("docs/x.md:3: fout")
    assert preview.problems() == []


def test_report_under_serve_logs_each_problem_once_until_the_next_build(
    session: None, caplog: pytest.LogCaptureFixture
) -> None:
    preview.start("serve")
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        preview.report("docs/x.md:3: fout")
        preview.report("docs/x.md:3: fout")
        preview.report("docs/y.md:1: ook fout")
    assert preview.problems() == ["docs/x.md:3: fout", "docs/y.md:1: ook fout"]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "docs/x.md:3: fout",
        "docs/x.md:3: fout",
        "docs/y.md:1: ook fout",
    ]
    preview.new_build()
    assert preview.problems() == []


# --- `mkdocs build` still stops ---------------------------------------------------------


def test_a_build_stops_with_the_message_the_banner_shows(tmp_path: Path) -> None:
    _, broken, line = _broken_definition()
    config = make_variant_project(tmp_path / "p", "")
    (config.parent / DEFINITION).write_text(broken, encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        f"De zelftest-definitie klopt niet:\n{DEFINITION}:{line}: Een voorwaarde van criterium "
        "'behoefte' verwijst naar vraag 'behoefe', maar die vraag bestaat niet."
    ) in result.stderr


def test_a_built_site_has_no_banner_and_no_banner_stylesheet(built_site: Path) -> None:
    assert not (built_site / "assets" / "stylesheets" / "preview.css").exists()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "preview.css" not in home
    assert "cf-preview" not in home


# --- `mkdocs serve` goes on --------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    config = make_variant_project(tmp_path_factory.mktemp("preview") / "project", "")
    with mkdocs_serve(config.parent) as served:
        yield served


def test_a_broken_definition_shows_a_banner_and_keeps_the_last_good_form(
    served: ServedProject,
) -> None:
    text, broken, line = _broken_definition()
    assert not _problems(served.get("")), "a banner before anything broke"
    before = _rebuilds(served)
    (served.project / DEFINITION).write_text(broken, encoding="utf-8")
    problems = _banner_after_rebuild(served, before, f"{DEFINITION}:{line}: ")
    assert "vraag 'behoefe', maar die vraag bestaat niet" in problems[0]
    assert FORM in served.get("zelftest/"), "the last good form is gone"
    assert "Traceback" not in served.terminal()

    (served.project / DEFINITION).write_text(text, encoding="utf-8")
    _no_banner(served)
    assert FORM in served.get("zelftest/")


def test_a_copied_post_shows_a_banner_until_it_has_its_own_slug(served: ServedProject) -> None:
    posts = served.project / "docs" / "blog" / "posts"
    copy = (posts / "acquisitie.md").read_text(encoding="utf-8")
    line = copy.splitlines().index("slug: acquisitie") + 1
    before = _rebuilds(served)
    (posts / "warm-bellen.md").write_text(copy, encoding="utf-8")
    problems = _banner_after_rebuild(
        served, before, f"docs/blog/posts/warm-bellen.md:{line}: slug: acquisitie"
    )
    assert "hetzelfde adres /blog/acquisitie/" in problems[0]

    (posts / "warm-bellen.md").write_text(
        copy.replace("slug: acquisitie", "slug: warm-bellen").replace(
            "# Acquisitie: welke aanpak werkt?", "# Warm bellen"
        ),
        encoding="utf-8",
    )
    _no_banner(served)
    assert "Warm bellen" in served.get("blog/warm-bellen/")


def test_a_broken_settings_block_shows_a_banner(served: ServedProject) -> None:
    privacy = served.project / "docs" / "privacy.md"
    text = privacy.read_text(encoding="utf-8")
    broken = f"{text}\n<!-- einde -->\n"
    line = len(broken.splitlines())  # the stray marker, below the page's own blocks
    before = _rebuilds(served)
    privacy.write_text(broken, encoding="utf-8")
    _banner_after_rebuild(
        served, before, f"docs/privacy.md:{line}: <!-- einde --> zonder <!-- als ... --> ervoor."
    )
    privacy.write_text(text, encoding="utf-8")
    _no_banner(served)


def test_a_post_the_blog_cannot_read_shows_a_banner_on_the_last_good_pages(
    served: ServedProject,
) -> None:
    """A mistake outside our hooks: the blog plugin stops the rebuild (an impossible date)."""
    post = served.project / "docs" / "blog" / "posts" / "acquisitie.md"
    text = post.read_text(encoding="utf-8")
    assert text.count("date: 2025-07-01\n") == 1, "the post changed: pick another line"
    before = _rebuilds(served)
    post.write_text(text.replace("date: 2025-07-01\n", "date: 2025-13-01\n"), encoding="utf-8")
    problems = _banner_after_rebuild(served, before, "De site kon niet opnieuw worden gebouwd.")
    assert "blog/posts/acquisitie.md" in problems[0]
    assert "month must be in 1..12" in problems[0]
    assert "Acquisitie: welke aanpak werkt?" in served.get("blog/acquisitie/"), "the page is gone"
    assert "Traceback" not in served.terminal()

    post.write_text(text, encoding="utf-8")
    _no_banner(served)
    assert "Acquisitie: welke aanpak werkt?" in served.get("blog/acquisitie/")


def test_a_broken_mkdocs_yml_shows_a_banner_on_the_last_good_pages(served: ServedProject) -> None:
    config = served.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    before = _rebuilds(served)
    config.write_text(f"{text}\nextra_css: [kapot\n", encoding="utf-8")
    problems = _banner_after_rebuild(served, before, "De site kon niet opnieuw worden gebouwd.")
    assert re.search(r"mkdocs\.yml\", line \d+", problems[0]), problems
    assert FORM in served.get("zelftest/"), "the last good pages are gone"

    config.write_text(text, encoding="utf-8")
    _no_banner(served)


@pytest.mark.browser
def test_the_banner_is_readable_on_top_of_the_page(
    served: ServedProject, new_context: Contexts
) -> None:
    _, broken, line = _broken_definition()
    definition = served.project / DEFINITION
    text = definition.read_text(encoding="utf-8")
    before = _rebuilds(served)
    definition.write_text(broken, encoding="utf-8")
    try:
        _banner_after_rebuild(served, before, f"{DEFINITION}:{line}: ")
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (375, 1280):
            page = new_context(viewport={"width": width, "height": 800}).new_page()
            page.goto(served.base, wait_until="load")
            banner = page.get_by_role("alert")
            assert f"{DEFINITION}:{line}:" in banner.inner_text()
            box = banner.bounding_box()
            header = page.locator(".md-header").bounding_box()
            assert box is not None
            assert header is not None
            assert box["y"] == 0
            assert header["y"] >= box["y"] + box["height"], "the header covers the banner"
            assert box["x"] + box["width"] <= width + 0.5, "the banner is wider than the screen"
            found = Axe().run(page, context=".cf-preview").response["violations"]
            assert not found, [v["id"] for v in found]
            page.screenshot(path=str(SHOTS / f"preview-banner-{width}.png"))
            page.close()
    finally:
        definition.write_text(text, encoding="utf-8")
    _no_banner(served)


def test_a_preview_started_broken_shows_a_notice_where_the_form_goes(tmp_path: Path) -> None:
    text, broken, line = _broken_definition()
    config = make_variant_project(tmp_path / "project", "")
    definition = config.parent / DEFINITION
    definition.write_text(broken, encoding="utf-8")
    with mkdocs_serve(config.parent) as served:
        page = served.get("zelftest/")
        assert FORM not in page
        assert "De zelftest is hier nog niet te zien" in page
        assert any(f"{DEFINITION}:{line}: " in p for p in _problems(page))
        definition.write_text(text, encoding="utf-8")
        wait_for(lambda: FORM in served.get("zelftest/"), "the form once the definition is fixed")
        assert not _problems(served.get("zelftest/"))
