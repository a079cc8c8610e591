// Progressive enhancement only: the form works completely without this file.
(function () {
  "use strict";
  var MAX_ROWS = 30;

  function renumber(row, index) {
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/([.-])\d+([.-])/g, "$1" + index + "$2")); }
      });
      if (el.matches("input, textarea")) { el.value = ""; }
      if (el.matches("select")) { el.selectedIndex = 0; }
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".error").forEach(function (e) { e.remove(); });
    row.querySelectorAll(".has-error").forEach(function (e) { e.classList.remove("has-error"); });
    var legend = row.querySelector("legend");
    if (legend) { legend.textContent = legend.textContent.replace(/\d+\s*$/, String(index + 1)); }
  }

  function addRowButton(group) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = document.documentElement.lang === "en" ? "Add another row" : "Weitere Zeile hinzufügen";
    button.addEventListener("click", function () {
      var rows = group.querySelectorAll(":scope > [data-row]");
      if (rows.length >= MAX_ROWS) { return; }
      var copy = rows[rows.length - 1].cloneNode(true);
      renumber(copy, rows.length);
      rows[rows.length - 1].after(copy);
      var first = copy.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
    group.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rows]").forEach(addRowButton);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
