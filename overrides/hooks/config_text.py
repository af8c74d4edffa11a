"""MkDocs hook: text in Markdown that follows the settings in mkdocs.yml (`extra`).

The blocks (`<!-- als booking.provider -->` ... `<!-- anders -->` ... `<!-- einde -->`)
are read by `quiz_build.select_text` (see quiz_build/_text_blocks.py). A misspelt marker
or setting stops the build with the file and line (`make serve` shows it in a banner and
leaves the page's text as it is).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import preview
import quiz_build


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep the text of each `als` block whose condition holds, drop the rest."""
    if "<!--" not in markdown:
        return markdown
    try:
        return quiz_build.select_text(
            markdown, config.extra, f"docs/{page.file.src_uri}", _first_line(markdown, page)
        )
    except quiz_build.TextBlockError as error:
        preview.report(str(error))
        return markdown


def _first_line(markdown: str, page: Page) -> int:
    """The line of the file where `markdown` starts: MkDocs has cut off the front matter."""
    if not page.file.abs_src_path:
        return 1
    try:
        with open(page.file.abs_src_path, encoding="utf-8-sig") as file:
            text = file.read()
    except OSError:
        return 1
    start = text.find(markdown.split("\n", 1)[0])
    return text[:start].count("\n") + 1 if start >= 0 else 1
