"""MkDocs hook: what the company's page templates need beyond the theme. Glue only.

- `latest_posts(n)` for templates (the home page): the newest published posts, as the
  blog plugin sorted them, so the home page never lists a post by hand;
- JSON-LD (schema.org) in every page's head, from front matter and mkdocs.yml:
  `Organization` and `WebSite` on the home page, `BlogPosting` and `BreadcrumbList` on
  posts; the image is the page's social card (the `og:image` the social plugin wrote);
- valid HTML: the theme puts `autocomplete` on its checkbox toggles, which HTML does not
  allow on checkboxes (Nu Html Checker); the toggles sit outside any template block;
- the theme's skip link ("Ga naar inhoud") takes the keyboard focus along: its target, the
  page's first heading, gets `tabindex="-1"`, and on the self-assessment's page it leads to
  the questions (also outside any template block).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from html import unescape
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

BLOG_PLUGIN = "material/blog"
POSTS = "blog/posts/"
LOGO = "assets/images/logo.svg"
# The theme's two drawer/search toggles (base.html), as Material 9.8 writes them.
TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+")'
    r' autocomplete="off">'
)
OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)"')
SKIP = re.compile(r'<a href="#(?P<target>[^"]+)" class="md-skip">')
# The self-assessment's list of questions (partials/quiz-form.html; it has tabindex="-1").
QUESTIONS = "cf-quiz-questions"


# --- Hooks ----------------------------------------------------------------------------


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Give templates the newest posts (the blog plugin sorts them, newest first)."""
    blog = config.plugins.get(BLOG_PLUGIN)
    if blog is None:
        raise PluginError(f"overrides/hooks/pages.py needs the blog plugin ({BLOG_PLUGIN}).")

    def latest_posts(count: int = 3) -> list[Any]:
        return list(getattr(blog, "blog").posts[:count])  # noqa: B009 - set in on_files

    env.globals["latest_posts"] = latest_posts
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Drop the invalid attribute from the theme's toggles; add the page's JSON-LD."""
    output = _skip_to_focus(_fix_toggles(output))
    image = _og_image(output) or _url(config, "assets/images/social/index.png")
    data = structured_data(page, config, image)
    if not data:
        return output
    # `</` inside a string would end the script element early.
    text = json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")
    script = f'<script type="application/ld+json">{text}</script>\n'
    at = output.index("</head>")
    return output[:at] + script + output[at:]


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The same fix for pages built from a theme template alone (404.html)."""
    return _fix_toggles(output) if template_name.endswith(".html") else output


def _skip_to_focus(output: str) -> str:
    """The theme's skip link moves the focus to where it leads. A heading cannot take the
    focus, so it stayed on the page's body and the next Tab started wherever the browser
    put its starting point: at 1280 px now and then in the navigation tabs, which the theme slides
    out of sight on scrolling but leaves in the tab order. On the self-assessment's page
    the link leads to the questions (the intro and the examples are above it)."""
    skip = SKIP.search(output)
    if skip is None:
        return output
    if f'id="{QUESTIONS}"' in output:
        return output[: skip.start("target")] + QUESTIONS + output[skip.end("target") :]
    heading = re.compile(rf'(<h[1-6] id="{re.escape(skip["target"])}")(?![^>]*\btabindex=)')
    return heading.sub(r'\1 tabindex="-1"', output, count=1)


# --- JSON-LD --------------------------------------------------------------------------


def structured_data(page: Page, config: MkDocsConfig, image: str) -> dict[str, Any] | None:
    """The schema.org graph for one page, or None for pages that need none."""
    if page.is_homepage:
        graph = [organization(config), website(config)]
    elif page.file.src_uri.startswith(POSTS):
        graph = [blog_posting(page, config, image), breadcrumbs(page, config)]
    else:
        return None
    return {"@context": "https://schema.org", "@graph": graph}


def organization(config: MkDocsConfig) -> dict[str, Any]:
    company = config.extra.get("company") or {}
    data: dict[str, Any] = {
        "@type": "Organization",
        "@id": _url(config, "#organisatie"),
        "name": company.get("name") or config.site_name,
        "url": _url(config, ""),
        "description": config.site_description,
        "logo": {"@type": "ImageObject", "url": _url(config, LOGO)},
    }
    # Only what mkdocs.yml fills in: nothing is made up.
    for key, schema_key in (("email", "email"), ("phone", "telephone"), ("address", "address")):
        if company.get(key):
            data[schema_key] = str(company[key])
    if company.get("kvk"):
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "KvK-nummer",
            "value": str(company["kvk"]),
        }
    return data


def website(config: MkDocsConfig) -> dict[str, Any]:
    # Material's search opens with the query of `?q=` on any page.
    return {
        "@type": "WebSite",
        "@id": _url(config, "#website"),
        "name": config.site_name,
        "url": _url(config, ""),
        "inLanguage": "nl",
        "publisher": {"@id": _url(config, "#organisatie")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": _url(config, "?q={search_term_string}"),
            },
            "query-input": "required name=search_term_string",
        },
    }


def blog_posting(page: Page, config: MkDocsConfig, image: str) -> dict[str, Any]:
    post: Any = page  # the blog plugin's Post: `config.date`, `authors`, `categories`
    dates = post.config.date
    data: dict[str, Any] = {
        "@type": "BlogPosting",
        "headline": page.title,
        "description": page.meta.get("description") or config.site_description,
        "datePublished": _iso(dates.created),
        "inLanguage": "nl",
        "image": image,
        "url": page.canonical_url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.canonical_url},
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                **({"description": author.description} if author.description else {}),
                **({"image": _url(config, author.avatar)} if author.avatar else {}),
            }
            for author in post.authors
        ],
        "publisher": organization(config),
    }
    if getattr(dates, "updated", None):
        data["dateModified"] = _iso(dates.updated)
    if post.categories:
        data["articleSection"] = [category.title for category in post.categories]
    return data


def breadcrumbs(page: Page, config: MkDocsConfig) -> dict[str, Any]:
    trail = [("Home", _url(config, "")), ("Blog", _url(config, "blog/"))]
    trail.append((str(page.title), str(page.canonical_url)))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }


# --- Helper functions -----------------------------------------------------------------


def _url(config: MkDocsConfig, path: str) -> str:
    return str(config.site_url or "/") + path


def _iso(value: date | datetime) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


_TOGGLES = 2  # the palette's light and dark toggle


def _fix_toggles(output: str) -> str:
    output, fixed = TOGGLE.subn(r"\1>", output)
    if fixed != _TOGGLES:
        raise PluginError(
            "overrides/hooks/pages.py: the theme's toggles in base.html changed "
            f"({fixed} of {_TOGGLES} found); update TOGGLE."
        )
    return output


def _og_image(output: str) -> str | None:
    match = OG_IMAGE.search(output)
    return unescape(match[1]) if match else None
