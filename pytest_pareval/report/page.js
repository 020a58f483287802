// report.html's script: sortable tables, the item table (filtered, sorted, paged) and its drill-down.
// Every value shown comes from the JSON islands and is inserted as text, never as markup.
(function () {
  "use strict";
  var started = performance.now();
  var PAGE = 100;
  var FAILURES = {wrong: 1, not_parallel: 1, run_fail: 1, timeout: 1, build_fail: 1, no_code: 1};

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  // --- sorting: a header click sorts its table by that column (numbers as numbers, N/A last) ----------
  function sortValue(cell) {
    if (cell.hasAttribute("data-sort")) {
      var raw = cell.getAttribute("data-sort");
      return raw === "" ? null : parseFloat(raw);
    }
    return cell.textContent.trim();
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;   // missing values stay last either way
    if (b === null || b === undefined) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }

  function nextDirection(th) {
    var now = th.getAttribute("aria-sort");
    th.parentNode.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    var direction = now === "ascending" ? "descending" : "ascending";
    th.setAttribute("aria-sort", direction);
    return direction === "ascending" ? 1 : -1;
  }

  function sortStatic(table, th) {
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var sign = nextDirection(th);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      var a = sortValue(x.cells[column]), b = sortValue(y.cells[column]);
      if (a === null || b === null) return compare(a, b);
      return sign * compare(a, b);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.tHead.addEventListener("click", function (event) {
      var th = event.target.closest("th");
      if (th) sortStatic(table, th);
    });
    table.tHead.addEventListener("keydown", function (event) {
      var th = event.target.closest("th");
      if (th && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); sortStatic(table, th); }
    });
  });

  // --- the items ------------------------------------------------------------------------------------
  var data = JSON.parse(document.getElementById("pareval-items").textContent);
  var columns = data.columns, values = data.values, rows = data.rows;
  var at = {};
  columns.forEach(function (name, i) { at[name] = i; });
  var texts = null;  // parsed when the first drill-down opens

  function get(row, name) {
    var i = at[name];
    if (i === undefined) return null;
    var v = row[i];
    return v !== null && values[name] ? values[name][v] : v;
  }

  var SHOWN = [["model", "Model"], ["problem", "Problem"], ["mode", "Mode"], ["ranks", "Ranks"],
               ["sample", "Sample"], ["outcome", "Outcome"], ["latency_s", "Latency (s)"],
               ["completion_tokens", "Tokens out"], ["message", "Message"]];
  var WIDTHS = {model: "13%", problem: "17%", mode: "5%", ranks: "5%", sample: "5%", outcome: "8%",
                latency_s: "7%", completion_tokens: "7%"};
  SHOWN = SHOWN.filter(function (c) { return at[c[0]] !== undefined; });
  var table = document.getElementById("items");
  var headRow = table.tHead.rows[0], body = table.tBodies[0];
  SHOWN.forEach(function (c) {
    var th = el("th", c[1]);
    th.dataset.key = c[0];
    th.tabIndex = 0;
    if (WIDTHS[c[0]]) th.style.width = WIDTHS[c[0]];
    headRow.appendChild(th);
  });

  var haystack = rows.map(function (row) {
    return [get(row, "model"), get(row, "problem"), get(row, "mode"), get(row, "outcome"), get(row, "message")]
      .join("\u0001").toLowerCase();
  });

  var filters = {model: "f-model", domain: "f-domain", mode: "f-mode", outcome: "f-outcome"};
  Object.keys(filters).forEach(function (name) {
    var select = document.getElementById(filters[name]);
    (values[name] || []).slice().sort().forEach(function (v) {
      var option = el("option", v);
      option.value = v;
      select.appendChild(option);
    });
    select.addEventListener("change", apply);
  });
  var textBox = document.getElementById("f-text");
  var pending = null;
  textBox.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(apply, 150); });
  textBox.addEventListener("change", apply);

  var view = [], page = 0, sortKey = null, sortSign = 1;

  function apply() {
    clearTimeout(pending);
    var wanted = {};
    Object.keys(filters).forEach(function (name) {
      var v = document.getElementById(filters[name]).value;
      if (v !== "" && values[name]) wanted[name] = values[name].indexOf(v);
    });
    var words = textBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    var names = Object.keys(wanted);
    view = [];
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], ok = true;
      for (var n = 0; n < names.length && ok; n++) ok = row[at[names[n]]] === wanted[names[n]];
      for (var w = 0; w < words.length && ok; w++) ok = haystack[i].indexOf(words[w]) >= 0;
      if (ok) view.push(i);
    }
    order();
    page = 0;
    draw();
  }

  function order() {
    if (sortKey === null) return;
    var key = sortKey, sign = sortSign;
    view.sort(function (x, y) {
      var a = get(rows[x], key), b = get(rows[y], key);
      if (a === null || b === null) return compare(a, b) || x - y;
      return sign * compare(a, b) || x - y;
    });
  }

  function sortItems(th) {
    sortSign = nextDirection(th);
    sortKey = th.dataset.key;
    order();
    page = 0;
    draw();
  }

  headRow.addEventListener("click", function (event) {
    var th = event.target.closest("th");
    if (th) sortItems(th);
  });
  headRow.addEventListener("keydown", function (event) {
    var th = event.target.closest("th");
    if (th && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); sortItems(th); }
  });

  function outcomeClass(outcome) {
    return outcome === "pass" ? "o-pass" : outcome === "error" ? "o-error" : FAILURES[outcome] ? "o-fail" : "";
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    page = Math.min(page, pages - 1);
    document.getElementById("count").textContent = view.length + " of " + rows.length + " items";
    document.getElementById("page").textContent = "page " + (page + 1) + " of " + pages;
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
    var fragment = document.createDocumentFragment();
    view.slice(page * PAGE, (page + 1) * PAGE).forEach(function (i) {
      var tr = el("tr", null, "item");
      tr.dataset.index = i;
      tr.tabIndex = 0;
      SHOWN.forEach(function (c) {
        var v = get(rows[i], c[0]);
        var td = el("td", v === null ? "" : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : v);
        if (c[0] === "outcome") td.className = outcomeClass(v);
        if (c[0] === "message") { td.className = "message"; td.title = v || ""; }
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(fragment);
  }

  document.getElementById("prev").addEventListener("click", function () { page -= 1; draw(); });
  document.getElementById("next").addEventListener("click", function () { page += 1; draw(); });

  // --- the drill-down: every known field of the item, its message and its texts -------------------------
  var TEXTS = [["prompt", "Prompt"], ["response", "Raw response"], ["code", "Extracted code"],
               ["build_log", "Compiler messages"], ["message", "Whole message"]];
  var LABELS = {latency_s: "latency (s)", runtime_s: "run time, timed cases (s)",
                baseline_runtime_s: "reference run time (s)", build_s: "build (s)", run_s: "run (s)",
                cost_usd: "cost (USD)", mpi_calls: "MPI calls"};

  function drill(i) {
    var row = rows[i];
    var cell = el("td", null, "drill");
    cell.colSpan = SHOWN.length;
    var list = el("dl");
    columns.forEach(function (name) {
      var v = get(row, name);
      if (name === "texts" || name === "message" || v === null || v === undefined) return;
      list.appendChild(el("dt", LABELS[name] || name.replace(/_/g, " ")));
      list.appendChild(el("dd", typeof v === "object" ? JSON.stringify(v)
        : typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v));
    });
    cell.appendChild(list);
    var outcome = get(row, "outcome");
    var heading = outcome === "build_fail" ? "Compiler errors" : outcome === "pass" ? "Message"
      : "Why: first mismatch, run error or reason";
    cell.appendChild(el("h4", heading));
    cell.appendChild(el("pre", get(row, "message") || "(no message)", "message"));
    var refs = row[at.texts];
    if (refs && texts === null) texts = JSON.parse(document.getElementById("pareval-texts").textContent);
    TEXTS.forEach(function (t, k) {
      var box = el("details");
      box.className = "text-" + t[0];
      var text = refs && refs[k] !== null && refs[k] !== undefined ? texts[refs[k]] : null;
      if (t[0] === "message" && text === null) return;  // the message above is all of it
      box.appendChild(el("summary", t[1] + (text === null ? " (none)" : " (" + text.length + " characters)")));
      if (text !== null) box.appendChild(el("pre", text));
      if (text !== null && (t[0] === "code" || (t[0] === "build_log" && outcome === "build_fail"))) box.open = true;
      cell.appendChild(box);
    });
    var tr = el("tr", null, "drill");
    tr.appendChild(cell);
    return tr;
  }

  function toggle(tr) {
    var next = tr.nextElementSibling;
    if (next && next.classList.contains("drill")) { next.remove(); return; }
    tr.after(drill(Number(tr.dataset.index)));
  }

  body.addEventListener("click", function (event) {
    var tr = event.target.closest("tr.item");
    if (tr) toggle(tr);
  });
  body.addEventListener("keydown", function (event) {
    var tr = event.target.closest("tr.item");
    if (tr && event.target === tr && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); toggle(tr); }
  });

  apply();
  var status = document.getElementById("status");
  status.dataset.readyMs = (performance.now() - started).toFixed(0);
  status.textContent += " Page script ready in " + status.dataset.readyMs + " ms.";
})();
