"""Marketers can trust their edits: no page is overwritten silently, `make post` starts a
post with a URL of its own, pages say what the configuration does, and the article's
sentences are our own."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support import ROOT
from tests.support.site import build_site, make_variant_project

if TYPE_CHECKING:  # Playwright is imported by browser tests only
    from tests.support.browser import Contexts

POSTS = ROOT / "docs" / "blog" / "posts"
CALENDAR = "https://cal.com/closeforce/kennismaking"
NEWSLETTER = "https://nieuwsbrief.example.com/subscribe?list=7"


def _copy_of_acquisitie(title: str, date: str) -> str:
    text = (POSTS / "acquisitie.md").read_text(encoding="utf-8")
    text = text.replace("# Acquisitie: welke aanpak werkt?", f"# {title}", 1)
    return re.sub(r"(?m)^date: .*$", f"date: {date}", text, count=1)


def _fails(project: Path) -> str:
    config = project / "mkdocs.yml"
    result = build_site(config, project / "site")
    assert result.returncode != 0, "the build should have stopped"
    assert "Traceback" not in result.stderr
    return result.stderr


# --- Nothing is overwritten silently --------------------------------------------------


def test_a_copied_post_that_keeps_its_slug_stops_the_build(tmp_path: Path) -> None:
    copy = _copy_of_acquisitie("Warm bellen in de praktijk", "2025-10-01")
    make_variant_project(tmp_path / "p", "", {"blog/posts/warm-bellen.md": copy})
    stderr = _fails(tmp_path / "p")
    line = copy.splitlines().index("slug: acquisitie") + 1
    assert "hetzelfde adres /blog/acquisitie/" in stderr
    assert f"docs/blog/posts/acquisitie.md:{line}: slug: acquisitie" in stderr
    assert f"docs/blog/posts/warm-bellen.md:{line}: slug: acquisitie" in stderr


def test_two_posts_with_one_title_on_one_date_stop_the_build(tmp_path: Path) -> None:
    copy = _copy_of_acquisitie("Acquisitie: welke aanpak werkt?", "2025-07-01")
    copy = copy.replace("slug: acquisitie", "slug: acquisitie-2")
    make_variant_project(tmp_path / "p", "", {"blog/posts/acquisitie-2.md": copy})
    stderr = _fails(tmp_path / "p")
    line = copy.splitlines().index("# Acquisitie: welke aanpak werkt?") + 1
    assert "dezelfde titel en dezelfde datum (01-07-2025)" in stderr
    assert f"docs/blog/posts/acquisitie.md:{line}: # Acquisitie" in stderr
    assert f"docs/blog/posts/acquisitie-2.md:{line}: # Acquisitie" in stderr


def _make_post(project: Path, title: str) -> Path:
    result = subprocess.run(
        ["make", "--no-print-directory", "post", f"TITEL={title}", "CATEGORIE=Sales"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    path = project / result.stdout.strip()
    assert path.is_file(), result.stdout
    return path


def test_make_post_starts_a_post_with_a_url_of_its_own(tmp_path: Path) -> None:
    project = tmp_path / "p"
    config = make_variant_project(project, "")
    # The main article's slug is taken: the new posts get -2 and -3.
    first = _make_post(project, "Wat is één  prospect?")
    second = _make_post(project, "Wat is één prospect?")
    assert first.name == "wat-is-een-prospect-2.md"
    assert second.name == "wat-is-een-prospect-3.md"
    text = first.read_text(encoding="utf-8")
    assert f"date: {dt.date.today().isoformat()}\n" in text
    assert "authors: [mitchel]\n" in text
    assert "slug: wat-is-een-prospect-2\n" in text
    assert '\ndescription: ""\n' in text
    assert "\n# Wat is één prospect?\n" in text

    # Filled in and published, the post builds strictly at its own URL.
    post = _make_post(project, "Koud bellen: zo begin je")
    post.write_text(
        post.read_text(encoding="utf-8")
        .replace('description: ""', "description: Zo begin je een koud telefoongesprek.")
        .replace("draft: true\n", ""),
        encoding="utf-8",
    )
    result = build_site(config, project / "site")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "blog" / "koud-bellen-zo-begin-je" / "index.html").read_text(
        encoding="utf-8"
    )
    assert re.search(r"<h1[^>]*>Koud bellen: zo begin je", page)
    # The drafts of the same title are not published, and nothing was overwritten.
    assert not (project / "site" / "blog" / "wat-is-een-prospect-2").exists()
    main = project / "site" / "blog" / "wat-is-een-prospect" / "index.html"
    assert re.search(r"<h1[^>]*>Wat is een prospect\?", main.read_text(encoding="utf-8"))


# --- Pages keep their promises ----------------------------------------------------------


@pytest.fixture(scope="module")
def configured_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with a calendar (Cal.com) and a newsletter configured."""
    project = tmp_path_factory.mktemp("configured")
    config = make_variant_project(
        project / "p",
        "extra:\n"
        "  booking:\n"
        "    provider: calcom\n"
        f"    url: {CALENDAR}\n"
        "  newsletter:\n"
        f"    action: {NEWSLETTER}\n",
    )
    result = build_site(config, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def _text(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).split())


@pytest.mark.parametrize("page", ["contact", "zelftest"])
def test_without_a_calendar_the_pages_promise_an_email(built_site: Path, page: str) -> None:
    text = _text(built_site, page)
    assert "zelf een moment kiest" not in text
    assert "agenda" not in text
    assert "e-mail" in text
    assert "contactformulier" not in text
    assert "<!--" not in text


@pytest.mark.parametrize("page", ["contact", "zelftest"])
def test_with_a_calendar_the_pages_promise_the_calendar(configured_site: Path, page: str) -> None:
    text = _text(configured_site, page)
    assert "online agenda" in text
    assert "mailprogramma" not in text
    assert "contactformulier" not in text


def test_the_contact_page_mentions_the_newsletter_only_when_there_is_one(
    built_site: Path, configured_site: Path
) -> None:
    assert "nieuwsbrief" not in _text(built_site, "contact")
    assert "nieuwsbrief" in _text(configured_site, "contact")
    # ... and where it says the form is, the form is.
    post = (configured_site / "blog" / "acquisitie" / "index.html").read_text(encoding="utf-8")
    assert f'action="{NEWSLETTER}"' in post


def test_the_copyright_runs_to_the_year_of_the_build(built_site: Path) -> None:
    year = dt.datetime.now(dt.UTC).year
    years = "2025" if year == 2025 else f"2025–{year}"
    for page in ("index.html", "blog/index.html", "404.html"):
        footer = (built_site / page).read_text(encoding="utf-8").split('class="md-copyright"')[1]
        footer = footer.replace("&copy;", "©").replace("&ndash;", "–")
        assert f"© {years} Close Force Company" in " ".join(footer.split()), page


def test_the_404_page_is_dutch_with_search_and_links(built_site: Path) -> None:
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in html
    assert "Not found" not in html
    assert "Deze pagina bestaat niet" in html
    content = html[html.index("<article") : html.index("</article>")]
    assert 'for="__search"' in content  # opens the site search
    assert 'class="md-search__input"' in html
    links = {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', content)}
    assert set(links) == {"Home", "Blog", "Zelftest"}
    for href in links.values():
        assert href.startswith("/"), "absolute: 404.html is served at any depth"
        assert (built_site / href.lstrip("/") / "index.html").is_file(), href


# --- Our own words -----------------------------------------------------------------------

SOURCE_SENTENCES = (
    "heeft interesse getoond, maar is nog niet gekwalificeerd",
    "is gekwalificeerd en heeft een serieuze kans om klant te worden",
    "Prospects vormen de ruggengraat van een gezonde salesfunnel",
    "een lead die je verder hebt onderzocht",
    "het vinden, kwalificeren en opvolgen van prospects",
)


def test_no_sentence_of_the_source_article_is_in_the_docs() -> None:
    found = []
    for path in sorted((ROOT / "docs").rglob("*")):
        if path.suffix not in {".md", ".yml", ".html"}:
            continue
        text = " ".join(path.read_text(encoding="utf-8").split()).casefold()
        found += [(path.name, s) for s in SOURCE_SENTENCES if s.casefold() in text]
    assert not found


@pytest.mark.browser
def test_the_404_search_button_finds_pages_in_chromium(
    site_server: str, new_context: Contexts
) -> None:
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        page.goto(site_server + "404.html", wait_until="networkidle")
        page.click("label.md-button[for=__search]")
        page.keyboard.type("prospect")
        page.wait_for_selector(".md-search-result__item")
        page.screenshot(path=str(shots / f"404-search-{width}.png"))
        page.close()
