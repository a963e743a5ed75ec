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
  // order holds row indexes in display order; sorting changes it.
  var order = rows.map(function (r, i) { return i; });
  var text = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var count = document.getElementById("findings-count");
  var empty = document.getElementById("findings-empty");
  var more = document.querySelector("[data-more]");
  // Only the first `limit` matching rows are shown; "show more" raises it.
  var pageSize = Number(table.dataset.pageSize) || 500;
  var limit = pageSize;
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

  function thousands(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
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
    var matched = 0;
    var shown = 0;
    order.forEach(function (i) {
      var row = rows[i];
      var ok = matches(row, i, f);
      if (ok) { matched++; }
      row.hidden = !ok || shown >= limit;
      if (!row.hidden) { shown++; }
    });
    var text = matched === rows.length
      ? thousands(rows.length) + " findings"
      : thousands(matched) + " of " + thousands(rows.length) + " findings match";
    if (shown < matched) {
      text += "; showing the first " + thousands(shown);
    }
    count.textContent = text;
    empty.hidden = matched !== 0;
    more.hidden = shown >= matched;
  }

  var filter = function () { limit = pageSize; apply(); };
  form.addEventListener("input", filter);
  form.addEventListener("change", filter);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(filter, 0); });
  more.querySelector("[data-more-button]").addEventListener("click", function () { limit += pageSize; apply(); });
  more.querySelector("[data-all-button]").addEventListener("click", function () { limit = Infinity; apply(); });

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
      var keys = rows.map(function (r) { return key(r, by); });
      order.sort(function (a, b) {
        if (keys[a] < keys[b]) { return -sign; }
        if (keys[a] > keys[b]) { return sign; }
        return a - b;
      });
      order.forEach(function (i) { tbody.appendChild(rows[i]); });
      apply();
    });
  });

  // Compliance rows link to their findings through the standard filter.
  Array.prototype.forEach.call(document.querySelectorAll(".show-findings"), function (b) {
    b.addEventListener("click", function () {
      form.reset();
      field("standard").value = b.dataset.standard;
      filter();
      document.getElementById("findings").scrollIntoView();
      field("standard").focus();
    });
  });
  apply();
})();
