/* jiedao: a stand-in for the jQuery / Bootstrap / bootstrap-table calls GX Data Docs pages make.
   expectations/docs.py inlines it where the pages load those libraries from CDNs, so Data Docs work
   with no network: the index tables are drawn (rows link to their pages), tabs and collapses toggle,
   "hide succeeded" filters work. Only the calls GX's templates make are covered. */
(function () {
  "use strict";
  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  function Wrapped(elements) { this.els = elements; this.length = elements.length; }
  function $(target) {
    if (typeof target === "function") { onReady(target); return new Wrapped([]); }
    if (target === document || target === window) return new Wrapped([document]);
    if (typeof target === "string") {
      try { return new Wrapped(Array.prototype.slice.call(document.querySelectorAll(target))); }
      catch (e) { return new Wrapped([]); }
    }
    if (target && target.nodeType) return new Wrapped([target]);
    return new Wrapped([]);
  }
  var fn = Wrapped.prototype;
  fn.ready = function (callback) { onReady(callback); return this; };
  fn.each = function (callback) { this.els.forEach(function (el, i) { callback.call(el, i, el); }); return this; };
  fn.parent = function () {
    var parents = [];
    this.els.forEach(function (el) { if (el.parentElement && parents.indexOf(el.parentElement) < 0) parents.push(el.parentElement); });
    return new Wrapped(parents);
  };
  fn.fadeIn = fn.show = function () { this.els.forEach(function (el) { el.style.display = ""; }); return this; };
  fn.fadeOut = fn.hide = function () { this.els.forEach(function (el) { el.style.display = "none"; }); return this; };
  fn.on = function (event, handler) {
    var name = String(event).split(".")[0];
    if (name !== "click-row") this.els.forEach(function (el) { el.addEventListener(name, handler); });
    return this;  /* click-row: rows are links already (see bootstrapTable) */
  };
  fn.prepend = function (html) {
    this.els.forEach(function (el) { el.insertAdjacentHTML("afterbegin", html); });
    return this;
  };
  fn.tooltip = fn.popover = fn.collapse = function () { return this; };
  /* bootstrapTable({columns, data, sortName, sortOrder, rowAttributes}) -> a plain sorted table */
  fn.bootstrapTable = function (options) {
    if (typeof options !== "object" || options === null) return this;
    this.els.forEach(function (table) { drawTable(table, options); });
    return this;
  };
  function drawTable(table, options) {
    var columns = options.columns || [];
    var rows = (options.data || []).slice();
    var sortField = options.sortName;
    if (sortField) {
      var column = columns.filter(function (c) { return c.field === sortField; })[0];
      var key = (column && column.sortName) || sortField;
      var desc = options.sortOrder === "desc";
      rows.sort(function (a, b) {
        var x = a[key], y = b[key];
        if (x === y) return 0;
        return (x > y ? 1 : -1) * (desc ? -1 : 1);
      });
    }
    table.classList.add("table", "table-sm");
    var head = "<thead><tr>" + columns.map(function (c) { return "<th>" + (c.title || c.field) + "</th>"; }).join("") + "</tr></thead>";
    var links = options.rowAttributes === "rowAttributesLinks";
    var body = rows.map(function (row) {
      var link = links && row._table_row_link_path ? row._table_row_link_path : null;
      var cells = columns.map(function (c) {
        var value = row[c.field] === undefined || row[c.field] === null ? "" : String(row[c.field]);
        if (link && value.indexOf("<a ") < 0 && value.indexOf("<") < 0) value = '<a href="' + link + '">' + value + "</a>";
        return "<td>" + value + "</td>";
      }).join("");
      return "<tr" + (link ? ' class="clickable-row" data-href="' + link + '"' : "") + ">" + cells + "</tr>";
    }).join("");
    table.innerHTML = head + "<tbody>" + body + "</tbody>";
    if (links) {
      table.addEventListener("click", function (event) {
        var row = event.target.closest ? event.target.closest("tr[data-href]") : null;
        if (row && !(event.target.closest && event.target.closest("a"))) window.location = row.getAttribute("data-href");
      });
    }
  }
  /* Bootstrap's data-toggle="tab" and data-toggle="collapse" */
  onReady(function () {
    document.addEventListener("click", function (event) {
      var toggle = event.target.closest ? event.target.closest("[data-toggle]") : null;
      if (!toggle) return;
      var kind = toggle.getAttribute("data-toggle");
      var selector = toggle.getAttribute("data-target") || toggle.getAttribute("href");
      if ((kind !== "tab" && kind !== "collapse") || !selector || selector.charAt(0) !== "#") return;
      var target = document.getElementById(selector.slice(1));
      if (!target) return;
      event.preventDefault();
      if (kind === "collapse") { target.classList.toggle("show"); return; }
      var nav = toggle.closest("ul, nav");
      if (nav) nav.querySelectorAll("[data-toggle=tab]").forEach(function (t) { t.classList.remove("active"); });
      toggle.classList.add("active");
      Array.prototype.forEach.call(target.parentElement.children, function (pane) { pane.classList.remove("active", "show"); });
      target.classList.add("active", "show");
    });
  });
  window.$ = window.jQuery = $;
})();
