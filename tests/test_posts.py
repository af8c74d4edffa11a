"""Posts that look finished: `make post` with a category and an author, drafts labelled
"Concept" in the preview only, no post published without description or categories, six
cards a page, search that puts a matching title first, a titled 404 page, the mobile
drawer at the top level on an article, and a first run without installer noise."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import ROOT
from tests.support.browser import Contexts
from tests.support.serve import ServedProject, mkdocs_serve
from tests.support.site import build_site, make_variant_project

SHOTS = ROOT / "build" / "screenshots"
DRAFT = "concept-over-koude-acquisitie"
DRAFT_TITLE = "Koude acquisitie, een eerste opzet"
TODAY = dt.date.today().isoformat()


def _new_post_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("new_post", ROOT / "tools" / "new_post.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _post(slug: str, title: str, date: str, *, extra: str = "", draft: bool = False) -> str:
    return (
        f"---\ndate: {date}\nauthors: [mitchel]\nslug: {slug}\n{extra}"
        + ("draft: true\n" if draft else "")
        + f"---\n\n# {title}\n\nEen alinea over {title.lower()}.\n\n<!-- more -->\n\n"
        "## Meer\n\nDe rest van het bericht.\n"
    )


FINISHED = 'categories: [Sales]\ndescription: "Een bericht om de pagina\'s te vullen."\n'


# --- make post ------------------------------------------------------------------------


@pytest.fixture
def blog(tmp_path: Path) -> tuple[Path, Path]:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ncategories: [Sales, Marketing]\n---\n# A\n", "utf-8")
    (posts / "b.md").write_text("---\ncategories:\n  - Acquisitie\n---\n# B\n", "utf-8")
    authors = tmp_path / ".authors.yml"
    authors.write_text(
        "authors:\n  mitchel:\n    name: Mitchel Duijn\n  sanne:\n    name: Sanne\n", "utf-8"
    )
    return posts, authors


def test_make_post_writes_the_chosen_category_and_author(blog: tuple[Path, Path]) -> None:
    new_post = _new_post_module()
    posts, authors = blog
    assert new_post.categories_in_use(posts) == ["Acquisitie", "Marketing", "Sales"]
    assert new_post.authors(authors) == ["mitchel", "sanne"]
    path = new_post.create_post(
        "Koud bellen", posts, category="sales", author="Sanne", authors_file=authors
    )
    text = path.read_text(encoding="utf-8")
    assert "\ncategories: [Sales]\n" in text
    assert "\nauthors: [sanne]\n" in text


def test_make_post_names_the_closest_category_for_a_typo(blog: tuple[Path, Path]) -> None:
    new_post = _new_post_module()
    posts, authors = blog
    with pytest.raises(new_post.Refused) as refused:
        new_post.create_post("X", posts, category="Sals", author="mitchel", authors_file=authors)
    assert "Categorie 'Sals' bestaat nog niet. Bedoel je 'Sales'?" in str(refused.value)
    assert "  3. Sales" in str(refused.value)
    assert sorted(p.name for p in posts.glob("*.md")) == ["a.md", "b.md"]  # nothing written


def test_make_post_asks_with_the_list(blog: tuple[Path, Path]) -> None:
    new_post = _new_post_module()
    posts, authors = blog
    questions: list[str] = []
    answers = iter(["9", "2", "sanne"])  # out of range, then a number, then a name

    def ask(question: str) -> str:
        questions.append(question)
        return next(answers)

    path = new_post.create_post("Y", posts, authors_file=authors, ask=ask)
    text = path.read_text(encoding="utf-8")
    assert "\ncategories: [Marketing]\n" in text
    assert "\nauthors: [sanne]\n" in text
    assert "Welke categorie?\n  1. Acquisitie\n  2. Marketing\n  3. Sales\n" in questions[0]
    assert questions[2].startswith("Welke auteur?\n  1. mitchel\n  2. sanne\n")


MAKE_POST = ["make", "--no-print-directory", "-o", ".venv/bin/.installed", "post", "TITEL=Z"]


def test_make_post_without_a_terminal_names_the_setting(tmp_path: Path) -> None:
    """Run as make runs it, stdin not a terminal: a Dutch message with the list, exit 2."""
    project = tmp_path / "p"
    make_variant_project(project, "")
    result = subprocess.run(
        MAKE_POST,
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Kies een categorie met CATEGORIE=..., een van:\n  1. Acquisitie\n" in result.stderr
    assert "Traceback" not in result.stderr
    done = subprocess.run(
        [*MAKE_POST, "CATEGORIE=marketing"],
        cwd=project,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = (project / done.stdout.strip()).read_text(encoding="utf-8")
    assert "\ncategories: [Marketing]\n" in text
    assert "\nauthors: [mitchel]\n" in text  # the only author: no question


# --- A post goes out finished ---------------------------------------------------------


def test_the_build_refuses_a_post_without_description_or_categories(tmp_path: Path) -> None:
    no_description = _post(
        "zonder-beschrijving",
        "Zonder beschrijving",
        "2025-10-01",
        extra='categories: [Sales]\ndescription: ""\n',
    )
    no_categories = _post(
        "zonder-categorie",
        "Zonder categorie",
        "2025-10-02",
        extra="description: Een bericht zonder categorie.\n",
    )
    draft = _post("concept-zonder-alles", "Concept zonder alles", "2025-10-03", draft=True)
    config = make_variant_project(
        tmp_path / "p",
        "",
        {
            "blog/posts/zonder-beschrijving.md": no_description,
            "blog/posts/zonder-categorie.md": no_categories,
            "blog/posts/concept-zonder-alles.md": draft,
        },
    )
    result = build_site(config, tmp_path / "p" / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    line = no_description.splitlines().index('description: ""') + 1
    assert "Niet elk bericht is klaar om te publiceren:" in result.stderr
    assert (
        f"- docs/blog/posts/zonder-beschrijving.md:{line}: description is leeg. Schrijf een of "
        "twee zinnen over het bericht" in result.stderr
    )
    assert (
        "- docs/blog/posts/zonder-categorie.md: categories ontbreekt in de front matter. "
        "Schrijf de categorie op de kaart in het overzicht, zoals categories: [Acquisitie] "
        "(in gebruik: Acquisitie, Marketing, Sales)." in result.stderr
    )
    assert "concept-zonder-alles" not in result.stderr  # a draft may be unfinished


# --- The blog as built, and as previewed ----------------------------------------------


def _extra_posts() -> dict[str, str]:
    posts = {
        f"blog/posts/extra-{n}.md": _post(
            f"extra-{n}", f"Extra bericht {n}", f"2025-0{n}-15", extra=FINISHED
        )
        for n in (1, 2)
    }
    posts[f"blog/posts/{DRAFT}.md"] = _post(
        DRAFT, DRAFT_TITLE, TODAY, extra="categories: [Acquisitie]\n", draft=True
    )
    return posts


@pytest.fixture(scope="module")
def seven_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with two more published posts (seven) and a draft, built."""
    project = tmp_path_factory.mktemp("posts") / "p"
    config = make_variant_project(project, "", _extra_posts())
    result = build_site(config, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    """`mkdocs serve` of the same project: the draft is in the preview."""
    project = tmp_path_factory.mktemp("posts-serve") / "p"
    make_variant_project(project, "", _extra_posts())
    with mkdocs_serve(project, ready_path=f"blog/{DRAFT}/") as served:
        yield served


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="cf-card cf-post-card">(.*?)</article>', html, re.S)


def test_six_posts_a_page(seven_posts: Path) -> None:
    first = (seven_posts / "blog" / "index.html").read_text(encoding="utf-8")
    second = (seven_posts / "blog" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert len(_cards(first)) == 6
    assert len(_cards(second)) == 1


def test_the_published_site_has_no_draft_and_no_label(seven_posts: Path) -> None:
    assert not (seven_posts / "blog" / DRAFT).exists()
    for page in seven_posts.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "cf-draft" not in html, page
        assert DRAFT_TITLE not in html, page


def test_the_preview_labels_the_draft_everywhere(previewed: ServedProject) -> None:
    for path in ("blog/", ""):  # the blog index and the home page's "Nieuw op de blog"
        cards = _cards(previewed.get(path))
        labelled = [card for card in cards if "cf-draft" in card]
        assert len(labelled) == 1, path
        assert DRAFT_TITLE in labelled[0]
        assert ">Concept</span>" in labelled[0]
    post = previewed.get(f"blog/{DRAFT}/")
    article = post[post.index("<article") : post.index("</h1>")]
    assert '<p class="cf-draft"><span class="cf-draft__label">Concept</span>' in article
    published = previewed.get("blog/wat-is-een-prospect/")
    assert "cf-draft" not in published[published.index("<article") : published.index("</h1>")]


def test_the_preview_prints_only_what_the_marketer_needs(previewed: ServedProject) -> None:
    expected = re.compile(
        r"INFO +- +(Building documentation\.\.\.|Cleaning site directory|"
        r"Documentation built in [\d.]+ seconds|\[[\d:]+\] Watching paths for changes: .*|"
        r"\[[\d:]+\] Serving on http://127\.0\.0\.1:\d+/|\[[\d:]+\] Browser connected: .*)"
    )
    lines = [line for line in previewed.terminal().splitlines() if line.strip()]
    assert lines
    assert [line for line in lines if not expected.fullmatch(line)] == []


@pytest.mark.browser
def test_draft_label_in_the_preview_at_phone_and_desktop_widths(
    previewed: ServedProject, new_context: Contexts
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        for name, path in (("blog", "blog/"), ("post", f"blog/{DRAFT}/")):
            page.goto(previewed.base + path, wait_until="load")
            label = page.locator(".cf-draft__label").first
            label.wait_for(state="visible")
            box = label.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= width
            page.screenshot(path=str(SHOTS / f"concept-{name}-{width}.png"), full_page=True)
        page.close()


# --- Search, the 404 page, the drawer -------------------------------------------------


def test_posts_weigh_more_in_the_search_index(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    boosted = {doc["location"] for doc in index["docs"] if doc.get("boost")}
    assert "blog/wat-is-een-prospect/" in boosted
    assert all(re.fullmatch(r"blog/[a-z0-9-]+/", location) for location in boosted), boosted
    assert "blog/" not in boosted


def test_the_404_page_is_titled(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "<title>Pagina niet gevonden - Close Force Company</title>" in html


@pytest.mark.browser
def test_search_puts_the_article_whose_title_holds_the_word_first(
    site_server: str, new_context: Contexts
) -> None:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site_server + "blog/", wait_until="load")
    page.locator(".md-search__input").click(delay=120)
    page.keyboard.type("prospect", delay=60)
    first = page.locator(".md-search-result__item h1").first
    first.wait_for(state="visible")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length >= 3")
    assert first.inner_text().strip() == "Wat is een prospect?"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "zoeken-prospect-1280.png"))


# The drawer's links a visitor can see: on top at their own centre (Material slides a
# nested level in from beyond the drawer's edge, over the level above it).
DRAWER_LINKS = """() => {
  const links = "nav.md-nav--primary > ul a, nav.md-nav--primary > ul label";
  return [...document.querySelectorAll(links)]
    .filter((link) => {
      const box = link.getBoundingClientRect();
      if (box.width === 0 || link.textContent.trim() === "") return false;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && (hit === link || link.contains(hit));
    })
    .map((link) => link.textContent.trim());
}"""


@pytest.mark.browser
def test_the_drawer_on_an_article_opens_at_the_top_level(
    site_server: str, new_context: Contexts
) -> None:
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    for path, expected in (
        ("blog/wat-is-een-prospect/", ["Home", "Blog", "Zelftest", "Leadlijst", "Afspraak maken"]),
        # The blog index keeps Material's behaviour: the drawer opens inside Blog.
        ("blog/", ["Blog", "Archief", "Categorieën"]),
    ):
        page.goto(site_server + path, wait_until="load")
        page.locator("label.md-header__button[for=__drawer]").click(delay=120)
        # Wait for the drawer to have slid in: the visible links stop changing.
        page.wait_for_function(
            f"(expected) => JSON.stringify(({DRAWER_LINKS})()) === JSON.stringify(expected)",
            arg=expected,
            timeout=10_000,
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = "artikel" if "prospect" in path else "blog"
        page.screenshot(path=str(SHOTS / f"menu-{name}-375.png"))


# --- A quiet first run ----------------------------------------------------------------


def test_the_editable_install_prints_no_warning_box(tmp_path: Path) -> None:
    """`pip install -e .` as `make install` runs it, into a new virtualenv (no dependencies:
    the question is what setuptools prints while making the editable wheel)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    for package in ("quiz", "quiz_build"):
        shutil.copytree(ROOT / package, project / package)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(tmp_path / "venv")], check=True)
    pip = [str(tmp_path / "venv" / "bin" / "python"), "-m", "pip"]
    result = subprocess.run(
        [*pip, "install", "--no-deps", "-e", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Editable installation" not in output
    assert "Please be careful" not in output
    assert "meta path finder" not in output
    pth = list((tmp_path / "venv").glob("lib/python*/site-packages/__editable__*.pth"))
    assert [p.read_text(encoding="utf-8").strip() for p in pth] == [str(project)]


def test_npm_approves_the_checkers_install_script(tmp_path: Path) -> None:
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    listed = subprocess.run(
        ["npm", "ci", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert "install-scripts" not in listed.stderr
    assert "allowScripts" not in listed.stderr
