// iotthreat HTML report: filters, search and sorting for the findings
// table. The page is complete without it; this only hides and orders rows.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  var form = document.querySelector("[data-filters]");
  if (!table || !form) {
    return;
  }
  form.hidden = false;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var count = document.getElementById("findings-count");
  var empty = document.getElementById("findings-empty");
  var field = function (name) { return form.querySelector('[data-filter="' + name + '"]'); };

  // hasToken tells whether a space-separated list holds a value.
  function hasToken(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }

  function matches(row, i, f) {
    var d = row.dataset;
    if (f.severity && d.severity !== f.severity) { return false; }
    if (f.status === "unresolved" ? d.open !== "true" : f.status && d.status !== f.status) { return false; }
    if (f.category && !hasToken(d.categories, f.category)) { return false; }
    if (f.element && !hasToken(d.elements, f.element)) { return false; }
    if (f.standard && !hasToken(d.refs, f.standard)) { return false; }
    return !f.search || text[i].indexOf(f.search) >= 0;
  }

  function apply() {
    var f = {
      severity: field("severity").value,
      status: field("status").value,
      category: field("category").value,
      element: field("element").value,
      standard: field("standard").value,
      search: field("search").value.trim().toLowerCase()
    };
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = matches(row, i, f);
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown === rows.length
      ? rows.length + " findings"
      : "Showing " + shown + " of " + rows.length + " findings";
    empty.hidden = shown !== 0;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });

  // Sorting: each sortable header cycles descending/ascending. Severity
  // sorts by rank; ties keep the engine's order (worst first, then id).
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function key(row, by) {
    switch (by) {
      case "rank": return Number(row.dataset.rank);
      case "id": return row.cells[1].textContent;
      case "title": return row.cells[2].textContent.toLowerCase();
      case "target": return row.cells[3].textContent;
      case "status": return row.dataset.status;
    }
    return "";
  }
  headers.forEach(function (th) {
    var by = th.dataset.sort;
    if (!by) { return; }
    th.querySelector("button").addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir);
      var sign = dir === "ascending" ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var ka = key(a, by), kb = key(b, by);
        if (ka < kb) { return -sign; }
        if (ka > kb) { return sign; }
        return Number(a.dataset.index) - Number(b.dataset.index);
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
    });
  });

  // Compliance rows link to their findings through the standard filter.
  Array.prototype.forEach.call(document.querySelectorAll(".show-findings"), function (b) {
    b.addEventListener("click", function () {
      form.reset();
      field("standard").value = b.dataset.standard;
      apply();
      document.getElementById("findings").scrollIntoView();
      field("standard").focus();
    });
  });
})();
