"""The lead list page (/leadlijst/) in headless Chromium, used as a marketer uses it.

A 1,000-lead semicolon CSV in Windows-1252 is dropped on the page, one proposed mapping is
corrected, and then the summary, every row and both downloads must be exactly what CPython's
`quiz.leads` makes of the same file with the same mapping; formula cells are neutralised on
screen and in the download; nothing is requested after the file is chosen; every bad file
gets its Dutch message and leaves the judged list as it was; axe finds nothing; screenshots
at 375 and 1280 px go to build/screenshots/.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, FilePayload, Page

from quiz.leads import LeadList, read_table
from tests.support import ROOT
from tests.support.browser import Contexts

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "build" / "screenshots"
FIXTURES = Path(__file__).parent / "fixtures" / "leads"
HEADERS = ["Naam", "Bedrijf", "Sector", "Aantal medewerkers", "Functie", "B2B-verkoop",
           "Planning", "Notitie"]  # fmt: skip
# The proposal maps Sector, Aantal medewerkers, Functie and Planning by the definition's
# names; "B2B-verkoop" is no name of the b2b question: the marketer maps it by hand.
EXPECTED_PROPOSAL = {
    "b2b": None,
    "branche": "Sector",
    "medewerkers": "Aantal medewerkers",
    "functie": "Functie",
    "behoefte": "Planning",
    "budget": None,
    "beslissing": None,
    "contact": None,
}
NOTES = ['=HYPERLINK("http://voorbeeld.nl")', "+31 6 12345678", "@bellen", "-korting",
         "Regel 1\r\nRegel 2", "Café; terras", "\tingesprongen", ""]  # fmt: skip


def _thousand_leads() -> bytes:
    """1,000 leads as Dutch Excel saves them: semicolons, Windows-1252, CRLF, quotes."""
    rng = random.Random(20)
    pick = rng.choice
    lines = [";".join(HEADERS)]
    for number in range(1, 1001):
        cells = [
            f"{pick(['Renée', 'Jürgen', 'Chloë', 'Bram', 'Fatima'])} {number}",
            f"{pick(['Brouwerij', 'Müller & Zn', 'ICT', 'Bouwbedrijf'])} {number}",
            pick(["IT", "ICT", "Industrie en productie", "productie", "Horeca", "Retail", "",
                  "logistiek", "Zakelijke dienstverlening"]),
            pick(["1.250", "2,5", "12", "4", "", "veel", "0", str(rng.randint(1, 900))]),
            pick(["Directeur", "Inkoper", "student", "Marketingmanager", "", "Stagiair", "CIO"]),
            pick(["ja", "nee", "", "Ja", "misschien"]),
            pick(["direct", "dit jaar", "", "binnen 3 maanden", "geen"]),
            pick(NOTES),
        ]  # fmt: skip
        lines.append(";".join(_quoted(cell) for cell in cells))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _quoted(cell: str) -> str:
    if any(sign in cell for sign in ';"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


LEADS = _thousand_leads()
MAPPING = {"columns": {**EXPECTED_PROPOSAL, "b2b": "B2B-verkoop"}}


def _cpython(data: bytes, mapping: dict[str, Any]) -> LeadList:
    judged = LeadList(read_table(data, "beurs.csv"))
    judged.start(mapping)
    return judged


# --- Helpers --------------------------------------------------------------------------


def _open(context: BrowserContext, base: str) -> Page:
    page = context.new_page()
    page.goto(base + "leadlijst/")
    page.wait_for_function("() => window.leadList !== undefined")
    page.evaluate("() => window.leadList.ready")
    return page


def _drop(page: Page, data: bytes, name: str) -> None:
    """Drop a file on the drop zone, as a marketer's drag from the file manager does."""
    page.evaluate(
        """([b64, name]) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type: "text/csv" }));
          const zone = document.querySelector("[data-leads-drop]");
          for (const type of ["dragenter", "dragover", "drop"]) {
            zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true,
                                                      dataTransfer: transfer }));
          }
        }""",
        [base64.b64encode(data).decode(), name],
    )


def _judge(page: Page) -> None:
    page.locator("[data-leads-run]").click(delay=120)  # press, hold, release
    page.wait_for_function(
        "() => window.leadList.summary && !window.leadList.running"
        " && window.leadList.rows.length === window.leadList.summary.rows",
        timeout=120_000,
    )


def _tally(page: Page) -> list[str]:
    return page.locator(".cf-leads__tally-item strong").all_inner_texts()


def _assert_downloads(page: Page, expected: LeadList, expected_rows: list[Any]) -> None:
    """Both downloads: exactly what CPython writes, read back with their formulas defused."""
    for kind, separator, encoding in [("csv", ";", "cp1252"), ("excel", ";", "cp1252")]:
        with page.expect_download() as download:
            page.locator(f"[data-leads-download={kind}]").click(delay=120)
        data = Path(download.value.path()).read_bytes()
        assert data == expected.export(excel=kind == "excel")[0]
        table = read_table(data, download.value.suggested_filename)
        assert (table.separator, table.encoding) == (separator, encoding)
        notes = [row[HEADERS.index("Notitie")] for row in table.rows]
        assert '\'=HYPERLINK("http://voorbeeld.nl")' in notes
        assert not any(note[:1] in tuple("=+-@\t") for note in notes)
        outcome = table.headers.index("Uitkomst (id)")
        assert [row[outcome] for row in table.rows] == [
            row["outcome"] or "open" for row in expected_rows
        ]
        ask = table.headers.index("Vraag naar")
        assert [row[ask] for row in table.rows] == [", ".join(r["ask"]) for r in expected_rows]


@pytest.fixture
def context(new_context: Contexts) -> BrowserContext:
    return new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})


# --- Tests ----------------------------------------------------------------------------


def test_a_dropped_thousand_lead_list_is_judged_as_cpython_judges_it(
    context: BrowserContext, site_server: str
) -> None:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = _open(context, site_server)
    # The listener sees the worker's own traffic (Python's runtime came through it).
    assert any(url.endswith("pyodide.asm.wasm") for url in requests), requests
    assert any("leads_stdlib." in url for url in requests), requests
    assert not any("snapshot." in url for url in requests)  # the lead page boots lean
    requests.clear()

    _drop(page, LEADS, "beurs-2025.csv")
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    info = page.locator("[data-leads-file-info]").inner_text()
    assert "gescheiden door puntkomma, tekenset Windows-1252; 1.000 leads en 8 kolommen" in info
    proposal = {
        question: page.locator(f"[data-leads-column={question}]").input_value() or None
        for question in EXPECTED_PROPOSAL
    }
    assert proposal == EXPECTED_PROPOSAL
    # Python's reading of a mapped column: the unknown sector is listed as not recognised.
    assert "“Horeca”: niet herkend" in page.locator("[data-leads-values=branche]").inner_text()
    page.locator("[data-leads-column=b2b]").select_option("B2B-verkoop")
    page.wait_for_function(  # Python's reading of the column: "ja" is yes
        "() => document.querySelector('[data-leads-value=b2b][data-leads-key=ja]')?.value"
        " === 'true'"
    )
    _judge(page)

    expected = _cpython(LEADS, MAPPING)
    expected_rows = json.loads(json.dumps(expected.next_rows(1000)))
    summary = expected.summary()
    assert page.evaluate("() => window.leadList.summary") == summary
    assert page.evaluate("() => window.leadList.rows") == expected_rows  # every row
    outcomes = [*summary["outcomes"].values()]
    assert _tally(page) == [f"{n:,}".replace(",", ".") for n in outcomes]
    assert page.locator("[data-leads-progress-text]").inner_text() == "1.000 van 1.000 leads"

    # On screen, a note that a spreadsheet would run is shown neutralised.
    shown = page.locator("[data-leads-body] .cf-leads__cell").all_inner_texts()
    assert any(text.startswith("'=HYPERLINK") for text in shown) or any(
        text.startswith("'+31") or text.startswith("'@") for text in shown
    )
    assert not any(text[:1] in "=+-@" and not text[1:2].isdigit() for text in shown if text)

    _assert_downloads(page, expected, expected_rows)

    # Not one request since the file was chosen (a download is a blob: in this page).
    assert [url for url in requests if not url.startswith(("blob:", "data:"))] == []

    # The mapping is remembered for this set of columns; the list itself is not stored.
    stored = page.evaluate("() => JSON.stringify(localStorage)")
    assert "B2B-verkoop" in stored
    assert "Renée" not in stored
    assert "Brouwerij" not in stored

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"leadlijst-{width}.png", full_page=True)
    found = Axe().run(page).response["violations"]
    assert [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found
    ] == []


def test_the_remembered_mapping_is_used_for_the_same_columns(
    context: BrowserContext, site_server: str
) -> None:
    page = _open(context, site_server)
    _drop(page, LEADS, "beurs.csv")
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    page.locator("[data-leads-column=b2b]").select_option("B2B-verkoop")
    _reload_and_drop_again(page)
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    assert page.locator("[data-leads-column=b2b]").input_value() == "B2B-verkoop"


def test_a_value_mapped_by_hand_is_judged_by_python_and_remembered(
    context: BrowserContext, site_server: str
) -> None:
    page = _open(context, site_server)
    _drop(page, LEADS, "beurs.csv")
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    values = page.locator("[data-leads-values=branche]")
    assert "“Horeca”: niet herkend" in values.inner_text()
    horeca = page.locator("[data-leads-value=branche][data-leads-key=horeca]")
    assert horeca.input_value() == "null"  # not read: unknown, counted as missing
    horeca.click(delay=120)  # press, hold, release, then choose as a person does
    horeca.select_option(label="IT en software")
    _wait_for_horeca_mapped_by_hand(page)
    _judge(page)
    columns = {"columns": EXPECTED_PROPOSAL}
    expected = _cpython(LEADS, {**columns, "values": {"branche": {"horeca": "it-software"}}})
    expected_rows = json.loads(json.dumps(expected.next_rows(1000)))
    assert page.evaluate("() => window.leadList.rows") == expected_rows
    assert page.evaluate("() => window.leadList.summary") == expected.summary()
    # Without the hand-mapped value CPython judges differently: the choice counted.
    assert json.loads(json.dumps(_cpython(LEADS, columns).next_rows(1000))) != expected_rows

    # Remembered with the columns (never the rows), and used again after a reload.
    stored = page.evaluate("() => JSON.stringify(localStorage)")
    assert "horeca" in stored
    assert "it-software" in stored
    assert "Renée" not in stored
    assert "Brouwerij" not in stored
    _reload_and_drop_again(page)
    _wait_for_horeca_mapped_by_hand(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("[data-leads-mapping]").screenshot(
            path=SCREENSHOTS / f"leadlijst-waarden-{width}.png"
        )


def _reload_and_drop_again(page: Page) -> None:
    """Reload the page, as a marketer coming back, and drop the same list once more."""
    page.reload()
    page.wait_for_function("() => window.leadList !== undefined")
    page.evaluate("() => window.leadList.ready")
    _drop(page, LEADS, "beurs.csv")


def _wait_for_horeca_mapped_by_hand(page: Page) -> None:
    """Until Python's reading of the column has "Horeca" as IT en software: its line no
    longer says it was not recognised, and its select shows the choice."""
    page.wait_for_function(
        """() => {
          const select = document.querySelector(
            "[data-leads-value=branche][data-leads-key=horeca]");
          const line = select?.closest("li");
          return select?.value === '"it-software"' && !line.matches(".cf-leads__unmapped")
            && line.textContent.startsWith("“Horeca” (");
        }"""
    )


def _excel(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("cp1252")


BAD_FILES = [
    ("leeg.csv", b"", "Het bestand is leeg."),
    ("kop.csv", _excel("Naam;Sector\n"), "alleen een kopregel en geen leads"),
    ("plaatje.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "geen tekst"),
    ("formules.xlsx", (FIXTURES / "libreoffice-formula.xlsx").read_bytes(), "bevat formules"),
    ("samengevoegd.xlsx", (FIXTURES / "libreoffice-merged.xlsx").read_bytes(),
     "samengevoegde cellen"),
    ("gemengd.csv", "Naam;Sector\nRenée;IT\n".encode() + _excel("Zoë;ICT\n"),
     "twee tekencoderingen door elkaar"),
    ("dubbel.csv", _excel("Naam;Sector;naam\nA;IT;B\n"), "'naam' staat twee keer in de kopregel"),
    ("extra.csv", _excel("Naam;Sector\nA;IT\nB;ICT;extra\n"), "Regel 3 heeft 3 velden"),
    ("cel.csv", _excel("Naam;Notitie\nA;" + "x" * 1_000_000 + "\n"), "meer dan 32.767 tekens"),
]  # fmt: skip


def test_bad_files_get_their_dutch_message_and_change_nothing(
    context: BrowserContext, site_server: str
) -> None:
    page = _open(context, site_server)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _drop(page, (FIXTURES / "libreoffice-semicolon-1252.csv").read_bytes(), "goed.csv")
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    _judge(page)
    judged = page.evaluate("() => window.leadList.rows")
    alert = page.locator("[data-leads-error]")
    for name, data, message in BAD_FILES:
        payload: FilePayload = {"name": name, "mimeType": "text/csv", "buffer": data}
        page.set_input_files("[data-leads-file]", files=[payload])
        page.wait_for_function(
            "(text) => document.querySelector('[data-leads-error]').textContent.includes(text)",
            arg=message,
        )
        assert alert.is_visible()
        assert "Traceback" not in alert.inner_text()
        assert page.evaluate("() => window.leadList.rows") == judged, name
        assert page.locator("[data-leads-results]").is_visible()
    # Over 50 MB: said before the file is read.
    page.evaluate(
        """() => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(50_000_001)], "groot.csv"));
          document.querySelector("[data-leads-drop]").dispatchEvent(
            new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: transfer }));
        }"""
    )
    page.wait_for_function(
        "() => document.querySelector('[data-leads-error]').textContent.includes('50 MB')"
    )
    # The list judged before is still the one that downloads.
    with page.expect_download() as download:
        page.locator("[data-leads-download=csv]").click(delay=120)
    assert read_table(Path(download.value.path()).read_bytes(), "x.csv").rows[0][0] == (
        "Anneke de Vries"
    )
    assert errors == []


def test_a_workbook_s_sheet_can_be_chosen(context: BrowserContext, site_server: str) -> None:
    page = _open(context, site_server)
    page.set_input_files("[data-leads-file]", str(FIXTURES / "libreoffice-notes-first.xlsx"))
    page.wait_for_selector("[data-leads-sheet]:not([hidden])")
    assert "1 leads" in page.locator("[data-leads-file-info]").inner_text()
    page.locator("[data-leads-sheet-select]").select_option("Leads")
    page.wait_for_function(
        "() => document.querySelector('[data-leads-file-info]').textContent"
        ".includes('werkblad \"Leads\"; 5 leads en 7 kolommen')"
    )
    assert page.locator("[data-leads-column=branche]").input_value() == "Branche"
    _judge(page)
    assert page.evaluate("() => window.leadList.summary.rows") == 5


# --- The list kept for a reload (only when asked) ----------------------------------------

# Everything this origin holds in IndexedDB: each database, each store, each record in
# short (a kept list: its name and how many bytes), read from the page itself.
_INDEXED_DB = """async () => {
  const found = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const store of db.objectStoreNames) {
      const records = await new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const r of records) {
        found.push({ database: name, store, name: r.name, bytes: r.bytes?.byteLength ?? null });
      }
    }
    found.push({ database: name, store: null, name: null, bytes: null });
    db.close();
  }
  return found;
}"""
KEEP = "[data-leads-keep]"
FORGET = "[data-leads-forget]"
KEEP_STATUS = "[data-leads-keep-status]"


def _indexed_db(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(_INDEXED_DB)
    return result


def _wait_for_keep_status(page: Page, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).textContent.includes(text)",
        arg=[KEEP_STATUS, text],
    )


def _reload(page: Page) -> bool:
    """Reload as a marketer coming back; whether the page opened a kept list again (it says
    so once it has looked, and judged the list if there was one)."""
    page.reload()
    page.wait_for_function("() => window.leadList !== undefined")
    restored: bool = page.evaluate("() => window.leadList.restored")
    return restored


def _assert_no_list(page: Page) -> None:
    assert page.evaluate("() => window.leadList.described") is None
    assert page.evaluate("() => window.leadList.rows") == []
    assert page.locator("[data-leads-mapping]").is_hidden()
    assert page.locator("[data-leads-results]").is_hidden()
    assert not page.locator(KEEP).is_checked()


def test_unticked_nothing_of_the_list_is_stored_and_a_reload_shows_no_list(
    context: BrowserContext, site_server: str
) -> None:
    page = _open(context, site_server)
    assert not page.locator(KEEP).is_checked()  # off unless the marketer asks
    assert page.locator(FORGET).is_hidden()
    _drop(page, LEADS, "beurs.csv")
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    _judge(page)
    assert _indexed_db(page) == []  # not even an empty database
    assert "Renée" not in page.evaluate("() => JSON.stringify(localStorage)")
    assert _reload(page) is False
    _assert_no_list(page)
    assert _indexed_db(page) == []


def test_a_kept_list_comes_back_after_a_reload_judged_as_cpython_judges_it(
    context: BrowserContext, site_server: str
) -> None:
    page = _open(context, site_server)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page.locator(KEEP).click(delay=120)  # press, hold, release
    _wait_for_keep_status(page, "Kies een bestand")
    _drop(page, LEADS, "beurs.csv")
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    _wait_for_keep_status(page, "beurs.csv is in deze browser bewaard")
    assert _indexed_db(page) == [
        {"database": "closeforce.leadlijst", "store": "lijst", "name": "beurs.csv",
         "bytes": len(LEADS)},
        {"database": "closeforce.leadlijst", "store": None, "name": None, "bytes": None},
    ]  # fmt: skip
    page.locator("[data-leads-column=b2b]").select_option("B2B-verkoop")
    _judge(page)
    before = page.evaluate("() => [window.leadList.summary, window.leadList.rows]")
    assert requests == []  # keeping the list is no request either

    assert _reload(page) is True  # no file chosen again
    expected = _cpython(LEADS, MAPPING)
    summary = page.evaluate("() => window.leadList.summary")
    rows = page.evaluate("() => window.leadList.rows")
    assert [summary, rows] == before
    assert rows == json.loads(json.dumps(expected.next_rows(1000)))
    assert summary == expected.summary()
    assert page.locator(KEEP).is_checked()
    assert page.locator(FORGET).is_visible()
    assert "beurs.csv is in deze browser bewaard" in page.locator(KEEP_STATUS).inner_text()
    assert page.locator("[data-leads-column=b2b]").input_value() == "B2B-verkoop"
    assert _tally(page) == [f"{n:,}".replace(",", ".") for n in summary["outcomes"].values()]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"leadlijst-bewaard-{width}.png", full_page=True)


@pytest.mark.parametrize("how", ["button", "untick"])
def test_forgetting_the_kept_list_empties_indexed_db_at_once(
    context: BrowserContext, site_server: str, how: str
) -> None:
    page = _open(context, site_server)
    page.locator(KEEP).click(delay=120)
    _drop(page, LEADS, "beurs.csv")
    _wait_for_keep_status(page, "beurs.csv is in deze browser bewaard")
    assert len(_indexed_db(page)) == 2
    page.locator(FORGET if how == "button" else KEEP).click(delay=120)
    _wait_for_keep_status(page, "De lijst is uit deze browser gewist")
    assert _indexed_db(page) == []
    assert not page.locator(KEEP).is_checked()
    assert page.locator(FORGET).is_hidden()
    assert page.locator("[data-leads-mapping]").is_visible()  # still on the page until a reload
    assert _reload(page) is False
    _assert_no_list(page)


# IndexedDB refused (as in a private window) or full: the page says so next to the checkbox.
BROKEN_STORAGE = {
    "blocked": (
        "IDBFactory.prototype.open = function () {"
        " throw new DOMException('The operation is insecure.', 'SecurityError'); };",
        "Deze browser laat ons de lijst niet bewaren",
    ),
    "full": (
        "IDBObjectStore.prototype.put = function () {"
        " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
        "Er is in deze browser niet genoeg ruimte om de lijst te bewaren",
    ),
}


@pytest.mark.parametrize("broken", sorted(BROKEN_STORAGE))
def test_storage_that_fails_is_said_beside_the_checkbox_and_loses_nothing(
    context: BrowserContext, site_server: str, broken: str
) -> None:
    script, message = BROKEN_STORAGE[broken]
    context.add_init_script(script)
    page = _open(context, site_server)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.locator(KEEP).click(delay=120)
    _drop(page, LEADS, "beurs.csv")
    _wait_for_keep_status(page, message)
    status = page.locator(KEEP_STATUS).inner_text()
    assert "na een herlaad kies je het bestand opnieuw" in status
    assert not page.locator(KEEP).is_checked()
    assert page.locator(FORGET).is_hidden()
    page.wait_for_function("async () => (await indexedDB.databases()).length === 0")
    # The list itself is as it would be without the checkbox.
    page.wait_for_selector("[data-leads-mapping]:not([hidden])")
    _judge(page)
    assert page.evaluate("() => window.leadList.rows.length") == 1000
    assert page.locator("[data-leads-error]").is_hidden()
    assert errors == []
