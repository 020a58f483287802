"""report.html: its figures against report.json, its drill-down data, details.jsonl, `pareval report --html`,
and (marked ``browser``) what a person sees in a real headless Chromium: tables, heatmap, sorting,
filtering and a failing item's drill-down."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pytest_pareval import cli
from pytest_pareval.report import details
from pytest_pareval.common.redact import REDACTED
from pytest_pareval.report import build_report, write_report
from pytest_pareval.report.html import headline_table, item_data, render_html
from pytest_pareval.report.parts import report_parts
from pytest_pareval.report.tables import pct, Table
from pytest_pareval.report.records import append_jsonl, item_key, new_record

from headless import dump_dom, find_chromium, png_pixels, screenshot
from seed_matrix import BASELINE, VRAM, seed_records

PROMPT = [{"role": "system", "content": "You write C++."}, {"role": "user", "content": "Write conjugate()."}]
HOSTILE = "</script><script>document.title='owned'</script>"


def failing_texts(record: dict) -> dict:
    name = record["problem"].replace("/", "_")
    return {"prompt": PROMPT, "response": f"Sure:\n```cpp\nvoid {name}() {{ undeclared_{name}(); }}\n```",
            "code": f"void {name}() {{ undeclared_{name}(); }}\n",
            "build_log": f"candidate.cpp:1:20: error: 'undeclared_{name}' was not declared in this scope\n{HOSTILE}"}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    """A saved session: the seed's 1,200 records, build failures with compiler messages and texts."""
    out = tmp_path_factory.mktemp("report")
    records = seed_records()
    for record in records:
        if record["outcome"] == "build_fail":
            name = record["problem"].replace("/", "_")
            record["message"] = f"candidate.cpp:1:20: error: 'undeclared_{name}' was not declared in this scope"
            append_jsonl(out / "details.jsonl", details.make(record, **failing_texts(record)))
    for record in records:
        append_jsonl(out / "results.jsonl", record)
    write_report(records, out, vram=VRAM, baseline=BASELINE, manifest={"seed": 0, "problems_hash": "abc123"})
    return {"dir": out, "records": records, "page": (out / "report.html").read_text(),
            "report": json.loads((out / "report.json").read_text())}


class _Page(HTMLParser):
    """The page's tables (cells as text, with their attributes) and its JSON islands."""

    def __init__(self, text: str):
        super().__init__()
        self.tables: list[dict] = []
        self.islands: dict[str, str] = {}
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._island: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._stack.append({"attrs": attrs, "rows": []})
        elif tag == "tr" and self._stack:
            self._stack[-1]["rows"].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
            self._stack[-1]["rows"][-1].append((attrs, self._cell))
        elif tag == "script" and attrs.get("type") == "application/json":
            self._island = attrs["id"]
            self.islands[self._island] = ""

    def handle_endtag(self, tag):
        if tag == "table" and self._stack:
            table = self._stack.pop()
            table["rows"] = [[(a, "".join(c)) for a, c in row] for row in table["rows"]]
            self.tables.append(table)
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "script":
            self._island = None

    def handle_data(self, data):
        if self._island is not None:
            self.islands[self._island] += data
        elif self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(run) -> _Page:
    return _Page(run["page"])


# --- the page against report.json -------------------------------------------------------------------

def test_embedded_report_is_report_json(run, page):
    assert json.loads(page.islands["pareval-report"]) == run["report"]


def test_every_table_of_the_report_is_in_the_page_cell_for_cell(run, page):
    """report.md and report.html format the same table model: every figure, every row, in order."""
    wanted = [block for part in report_parts(run["report"]) for section in part.sections
              for block in section.blocks if isinstance(block, Table) and block.rows]
    shown = [t for t in page.tables if "sortable" in t["attrs"].get("class", "")
             and t["attrs"].get("data-table") != "headline"]  # tested below
    assert len(shown) == len(wanted)
    for table, block in zip(shown, wanted):
        assert [text for _, text in table["rows"][0]] == block.headers
        assert [[text for _, text in row] for row in table["rows"][1:]] == block.rows


def test_the_page_opens_on_the_headline_and_ends_with_the_manifest_collapsed(run, page):
    """Overall rates with intervals, then the heatmap, before any other table; the manifest last, closed."""
    text = run["page"]
    headline, heatmap, tables = text.index('id="headline"'), text.index('id="heatmap"'), text.index('id="tables"')
    assert headline < heatmap < tables
    summary = next(t for t in page.tables if t["attrs"].get("data-table") == "headline")
    assert [[c for _, c in row] for row in summary["rows"][1:]] == headline_table(run["report"]).rows
    assert all("[" in row[2][1] for row in summary["rows"][1:])  # every overall rate with its interval
    manifest = text.index('<details id="manifest">')
    assert manifest > text.index('data-table="tokens"') and "<details id=\"manifest\" open" not in text


def test_seed_build_table_shows_report_json_rates(run, page):
    build = next(t for t in page.tables if t["attrs"].get("data-table") == "build")
    shown = {row[0][1]: [text for _, text in row[1:]] for row in build["rows"][1:]}
    for entry in run["report"]["models"]:
        assert shown[entry["model"]] == [str(entry["total"]), str(entry["built"]), pct(entry["build_rate"])]


def test_heatmap_cells_are_report_json_overall_rates(run, page):
    heatmap = next(t for t in page.tables if t["attrs"].get("id") == "heatmap")
    domains = [text for _, text in heatmap["rows"][0][1:]]
    assert domains == run["report"]["domains"]
    for entry, row in zip(run["report"]["models"], heatmap["rows"][1:]):
        assert row[0][1] == entry["model"]
        for domain, (attrs, text) in zip(domains, row[1:]):
            rate = entry["by_domain"][domain]["overall_rate"]
            assert float(attrs["data-value"]) == rate and text == pct(rate)
            assert attrs["style"].startswith("background:rgb(")


def test_failing_items_drill_down_holds_its_message_code_and_compiler_log(run, page):
    items, texts = json.loads(page.islands["pareval-items"]), json.loads(page.islands["pareval-texts"])
    column = {name: i for i, name in enumerate(items["columns"])}
    failing = next(r for r in run["records"] if r["outcome"] == "build_fail")
    row = items["rows"][run["records"].index(failing)]
    value = lambda name: items["values"][name][row[column[name]]]  # noqa: E731
    assert (value("model"), value("problem"), value("outcome")) == (failing["model"], failing["problem"], "build_fail")
    assert value("message") == failing["message"]
    prompt, response, code, build_log, whole = (None if i is None else texts[i] for i in row[column["texts"]])
    assert whole is None  # the record holds the whole message
    wanted = failing_texts(failing)
    assert (response, code) == (wanted["response"], wanted["code"])
    assert build_log.startswith(wanted["build_log"].splitlines()[0]) and "[user]\nWrite conjugate()." in prompt
    assert len(texts) < 4 * sum(r["outcome"] == "build_fail" for r in run["records"])  # one prompt for all


def test_no_text_can_close_a_data_island(run, page):
    assert HOSTILE not in run["page"] and "document.title='owned'" in page.islands["pareval-texts"]
    assert run["page"].count("<script") == 4  # three JSON islands and the page's script


def test_failing_items_keep_their_texts_first_when_the_budget_is_short():
    records = [new_record(model="m", domain="fft", problem=f"fft/p{i}", mode="serial",
                          outcome="pass" if i % 2 else "wrong") for i in range(10)]
    found = {item_key(r): details.make(r, response=f"answer {i} " + "x" * 90) for i, r in enumerate(records)}
    items, texts = item_data(records, found, details_budget=520)
    kept = [records[i]["outcome"] for i, row in enumerate(items["rows"]) if row[-1] is not None]
    assert kept == ["wrong"] * 5 and len(texts) == 5


def test_a_message_longer_than_the_records_comes_from_details():
    long = "error: " + "x" * 5000
    record = new_record(model="m", domain="fft", problem="fft/p", mode="serial", outcome="wrong",
                        message=long[:2000])
    items, texts = item_data([record], {item_key(record): details.make(record, message=long)})
    assert texts == [long] and items["rows"][0][-1] == [None, None, None, None, 0]


def test_texts_of_another_runs_outcome_are_not_shown():
    now = new_record(model="m", domain="fft", problem="fft/p", mode="serial", outcome="wrong", message="m")
    earlier = {**now, "outcome": "build_fail"}
    items, texts = item_data([now], {item_key(now): details.make(earlier, code="old code")})
    assert texts == [] and items["rows"][0][-1] is None


def test_a_page_without_details_still_shows_every_item(run):
    report = build_report(run["records"], vram=VRAM, baseline=BASELINE)
    page = _Page(render_html(report, run["records"]))
    items = json.loads(page.islands["pareval-items"])
    assert len(items["rows"]) == len(run["records"]) and json.loads(page.islands["pareval-texts"]) == []


# --- details.jsonl -------------------------------------------------------------------------------------

def test_details_are_cleaned_capped_and_keyed_by_item(tmp_path, monkeypatch):
    monkeypatch.setenv("PROVIDER_API_KEY", "sk-very-secret-value")
    record = new_record(model="m", domain="fft", problem="fft/p", mode="mpi", ranks=4, sample=2,
                        outcome="build_fail", message="error: x")
    line = details.make(record, prompt=PROMPT, response="key sk-very-secret-value\x1b[31m", code="c" * 50_000)
    assert line["response"] == f"key {REDACTED}[31m" and len(line["code"]) == details.TEXT_LIMIT
    assert line["message"] == "error: x" and "build_log" not in line
    path = tmp_path / "details.jsonl"
    path.write_text('{"model": "an earlier session"}\n')
    writer = details.Writer(path)
    writer.save([("other", 1)])
    assert path.read_text().startswith('{"model": "an earlier session"}')  # no item yet: the file stays
    writer.save([("other", 1), (details.PROPERTY_KEY, line)])
    writer.save([(details.PROPERTY_KEY, {**line, "code": "newer"})])
    with path.open("a") as handle:
        handle.write('{"torn": ')
    assert details.read(path) == {item_key(record): {**line, "code": "newer"}}
    assert details.read(tmp_path / "missing.jsonl") == {}


# --- the command ---------------------------------------------------------------------------------------

def test_pareval_report_html_picks_up_details_beside_the_results(run, tmp_path, capsys):
    target, saved = tmp_path / "page.html", tmp_path / "report.json"
    assert cli.main(["report", str(run["dir"] / "results.jsonl"), "--html", str(target), "--json", str(saved),
                     "--quiet"]) == 0
    page = _Page(target.read_text())
    assert json.loads(page.islands["pareval-report"]) == json.loads(saved.read_text())
    assert len(json.loads(page.islands["pareval-texts"])) > 1
    assert cli.main(["report", str(run["dir"] / "results.jsonl"), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    assert (tmp_path / "out" / "report.html").read_text() == target.read_text()


# --- in a real browser -----------------------------------------------------------------------------------

PROBE = r"""
(function () {
  var out = {};
  function click(node) { node.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
  function cells(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
      return Array.prototype.map.call(tr.cells, function (td) { return td.textContent; });
    });
  }
  function choose(id, value) {
    var select = document.getElementById(id);
    select.value = value;
    select.dispatchEvent(new Event("change"));
  }
  var build = document.querySelector('table[data-table="build"]');
  out.build = cells(build);
  click(build.tHead.rows[0].cells[3]);
  out.build_ascending = cells(build);
  click(build.tHead.rows[0].cells[3]);
  out.build_descending = cells(build);
  out.heatmap = Array.prototype.map.call(document.querySelectorAll("#heatmap tbody td"), function (td) {
    return [td.textContent, td.getAttribute("data-value"), getComputedStyle(td).backgroundColor];
  });
  out.count = document.getElementById("count").textContent;
  out.rows_drawn = document.querySelectorAll("#items tbody tr").length;
  var started = performance.now();
  choose("f-outcome", "build_fail");
  out.filter_ms = performance.now() - started;
  out.failing_count = document.getElementById("count").textContent;
  out.failing_outcomes = cells(document.getElementById("items")).map(function (row) { return row[5]; });
  var first = document.querySelector("#items tbody tr.item");
  out.first_item = Array.prototype.map.call(first.cells, function (td) { return td.textContent; });
  click(first.cells[1]);
  var drill = first.nextElementSibling;
  out.drill_message = drill.querySelector("pre.message").textContent;
  out.drill_fields = drill.querySelector("dl").textContent;
  out.drill_log = drill.querySelector("details.text-build_log pre").textContent;
  out.drill_log_open = drill.querySelector("details.text-build_log").open;
  out.drill_code = drill.querySelector("details.text-code pre").textContent;
  var box = document.getElementById("f-text");
  box.value = out.first_item[1];
  box.dispatchEvent(new Event("change"));
  out.text_count = document.getElementById("count").textContent;
  out.text_problems = cells(document.getElementById("items")).map(function (row) { return row[1]; });
  box.value = "";
  box.dispatchEvent(new Event("change"));
  choose("f-domain", "fft");
  out.fft_count = document.getElementById("count").textContent;
  click(document.querySelector('#items thead th[data-key="latency_s"]'));
  out.by_latency = cells(document.getElementById("items")).map(function (row) { return [row[2], row[6]]; });
  out.title = document.title;
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify(out);
  document.body.appendChild(probe);
})();
"""


def probe_page(path: Path) -> dict:
    dom = dump_dom(path, PROBE)
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe did not run: " + dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no Chromium: apt-get install chromium (see README)")
def test_what_a_person_sees_in_chromium(run):
    seen = probe_page(run["dir"] / "report.html")
    report, records = run["report"], run["records"]
    by_name = sorted(report["models"], key=lambda e: e["model"])
    assert seen["build"] == [[e["model"], str(e["total"]), str(e["built"]), pct(e["build_rate"])] for e in by_name]
    rates = [float(row[3].rstrip("%")) for row in seen["build_ascending"]]
    assert rates == sorted(rates) and [float(r[3].rstrip("%")) for r in seen["build_descending"]] == rates[::-1]
    wanted = [pct(e["by_domain"][d]["overall_rate"]) for e in report["models"] for d in report["domains"]]
    assert [text for text, _, _ in seen["heatmap"]] == wanted
    assert len({colour for _, _, colour in seen["heatmap"]}) > 5  # cells are coloured by their rate
    assert seen["count"] == f"{len(records)} of {len(records)} items" and seen["rows_drawn"] == 100
    failures = sum(e["outcomes"]["build_fail"] for e in report["models"])
    assert seen["failing_count"] == f"{failures} of {len(records)} items"
    assert set(seen["failing_outcomes"]) == {"build_fail"}
    record = next(r for r in records if r["outcome"] == "build_fail" and r["model"] == seen["first_item"][0]
                  and r["problem"] == seen["first_item"][1] and r["mode"] == seen["first_item"][2])
    assert seen["drill_message"] == record["message"]
    assert seen["drill_log_open"] and "was not declared in this scope" in seen["drill_log"]
    assert seen["drill_code"] == failing_texts(record)["code"] and "ranks" in seen["drill_fields"]
    assert seen["title"] == "pytest-pareval report"  # the hostile compiler log stayed text
    assert set(seen["text_problems"]) == {record["problem"]}
    assert seen["text_count"] == f"{len(seen['text_problems'])} of {len(records)} items"
    fft = [r for r in records if r["outcome"] == "build_fail" and r["domain"] == "fft"]
    assert seen["fft_count"] == f"{len(fft)} of {len(records)} items"
    shown = [float(latency) for _, latency in seen["by_latency"] if latency]
    wanted = sorted(r["latency_s"] for r in fft if r["latency_s"] is not None)
    assert shown and shown == [float(f"{v:.2f}") for v in wanted]  # ascending; items without one after them
    assert [latency for _, latency in seen["by_latency"]][len(shown):] == [""] * (len(fft) - len(shown))


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no Chromium: apt-get install chromium (see README)")
def test_the_first_screen_a_person_sees_is_the_headline(run, tmp_path):
    """A screenshot of the first 1280x800 screen: the heatmap's colours are on it (so the overall rates
    above it are too), and the page's order puts the manifest after every table. The screenshot is kept
    as first-screen.png in the test's directory."""
    shot = screenshot(run["dir"] / "report.html", tmp_path / "first-screen.png", width=1280, height=800)
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1280, 800)
    on_screen = {row[i:i + 3] for row in rows for i in range(0, len(row), 3)}
    cells = {bytes(map(int, rgb)) for rgb in re.findall(r'<td style="background:rgb\((\d+),(\d+),(\d+)\)', run["page"])}
    visible = cells & on_screen
    # Ten models: the rates table and the heatmap's first rows (a reader with one model sees all of it).
    assert len(visible) >= 3, f"{len(visible)} of {len(cells)} heatmap colours on the first screen"
    assert run["page"].index('id="headline"') < run["page"].index('id="manifest"')


# --- a real session writes details.jsonl ------------------------------------------------------------------

def test_a_session_under_xdist_keeps_each_items_texts_out_of_junit_xml(run_suite, tmp_path):
    """A replayed answer that does not compile (serial) and a missing one (MPI), on two workers."""
    answer = "Here it is:\n```cpp\ndouble sumOfSquares(const std::vector<double> &x) { return x.sum(); }\n```"
    replay = tmp_path / "replay" / "reduce" / "sum_of_squares" / "serial.txt"
    replay.parent.mkdir(parents=True)
    replay.write_text(answer)
    junit, out = tmp_path / "junit.xml", tmp_path / "out"
    result, records = run_suite(f"--pareval-models=replay:{tmp_path / 'replay'}", "-k", "reduce/sum_of_squares-",
                                "-n", "2", f"--junitxml={junit}", output=out)
    assert len(records) == 2 and "build_fail" in {r["outcome"] for r in records}, result.stdout.str()[-3000:]
    found = details.read(out / "details.jsonl")
    failed = next(r for r in records if r["outcome"] == "build_fail")
    line = found[item_key(failed)]
    assert line["response"] == answer and line["code"].startswith("double sumOfSquares")
    assert "has no member named 'sum'" in line["build_log"]
    assert line["message"] == failed["message"] and "sumOfSquares" in line["prompt"]
    errored = next(r for r in records if r is not failed)  # no answer: its message is all there is
    assert found[item_key(errored)]["message"] == errored["message"] and "response" not in found[item_key(errored)]
    assert "Here it is:" not in junit.read_text() and "has no member named 'sum'" in failed["message"]
    page = _Page((out / "report.html").read_text())
    assert answer in json.loads(page.islands["pareval-texts"])
