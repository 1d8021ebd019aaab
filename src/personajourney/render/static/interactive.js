// personajourney: the wall pack's pages on a screen. Fit to width and zoom, filters by
// persona, segment, stage and owner team, details of a touchpoint, persona or member on
// hover or focus, and search on the index. Reads the page's own JSON block (#pj-data);
// fetches nothing. Inlined into each page and allowed by its Content-Security-Policy by hash.
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var data = { labels: {}, facets: [], items: {} };
  var state = { zoom: 1, fit: true, base: 0, filters: {} };
  var entries = [];  // { id, item, nodes: [elements to hide], hit: focusable element }
  var tip = null;
  var status = null;

  function L(key) { return data.labels[key] || key; }

  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }  // text only: nothing is parsed as HTML
    return node;
  }

  function readData() {
    var block = doc.getElementById("pj-data");
    if (!block) { return; }
    try {
      var parsed = JSON.parse(block.textContent || "{}");
      data.labels = parsed.labels || {};
      data.facets = parsed.facets || [];
      data.items = parsed.items || {};
    } catch (e) { /* a page without data still fits and zooms */ }
  }

  // -- fit to width and zoom ---------------------------------------------------------------

  function sheets() { return doc.querySelectorAll(".sheet"); }

  function measure() {
    var widest = 0;
    root.style.setProperty("--pj-zoom", "1");
    Array.prototype.forEach.call(sheets(), function (s) {
      widest = Math.max(widest, s.getBoundingClientRect().width);
    });
    state.base = widest;
  }

  function applyZoom() {
    if (!state.base) { return; }
    if (state.fit) {
      var room = root.clientWidth - 32;
      state.zoom = Math.max(0.1, Math.min(1, room / state.base));
    }
    root.style.setProperty("--pj-zoom", String(Math.round(state.zoom * 1000) / 1000));
  }

  function zoomBy(factor) {
    state.fit = false;
    state.zoom = Math.max(0.1, Math.min(4, state.zoom * factor));
    applyZoom();
  }

  function button(label, text, action) {
    var b = el("button", "pj-btn", text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", action);
    return b;
  }

  // -- filters -------------------------------------------------------------------------------

  function matches(item) {
    var facets = item.f || {};
    return Object.keys(state.filters).every(function (key) {
      var wanted = state.filters[key];
      if (!wanted) { return true; }
      var has = facets[key];
      if (!has) { return true; }  // the facet does not apply to this kind of thing
      return has.indexOf(wanted) >= 0;
    });
  }

  function applyFilters() {
    var shown = 0;
    entries.forEach(function (e) {
      var visible = matches(e.item);
      if (visible) { shown += 1; }
      e.nodes.forEach(function (node) {
        if (visible) { node.removeAttribute("data-pj-hidden"); } else { node.setAttribute("data-pj-hidden", ""); }
      });
      if (e.hit !== e.nodes[0]) { e.hit.hidden = !visible; }
    });
    if (status) {
      status.textContent = L("shown").replace("{n}", shown).replace("{total}", entries.length);
    }
  }

  function facetSelect(facet) {
    var wrap = el("label", "pj-field");
    wrap.appendChild(el("span", "pj-cap", facet.label));
    var select = el("select", "pj-select");
    select.setAttribute("data-facet", facet.key);
    var all = el("option", "", L("all"));
    all.value = "";
    select.appendChild(all);
    facet.options.forEach(function (pair) {
      var option = el("option", "", pair[1]);
      option.value = pair[0];
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      state.filters[facet.key] = select.value;
      applyFilters();
    });
    wrap.appendChild(select);
    return wrap;
  }

  // -- details -------------------------------------------------------------------------------

  function hideTip() {
    if (tip) { tip.hidden = true; }
  }

  function showTip(entry) {
    if (!tip) { return; }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    tip.appendChild(el("strong", "pj-tip-title", entry.item.name));
    var list = el("dl", "pj-rows");
    (entry.item.rows || []).forEach(function (row) {
      list.appendChild(el("dt", "", row[0]));
      list.appendChild(el("dd", "", row[1]));
    });
    tip.appendChild(list);
    tip.hidden = false;
    var box = entry.hit.getBoundingClientRect();
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.min(Math.max(8, box.left), root.clientWidth - width - 8);
    var top = box.bottom + 8;
    if (top + height > window.innerHeight - 8) { top = Math.max(8, box.top - height - 8); }
    if (box.height > window.innerHeight / 2) {  // a whole card: the corner, not over it
      left = root.clientWidth - width - 16;
      top = window.innerHeight - height - 16;
    }
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = top + "px";
  }

  function hitBox(node) {
    // The group's shapes in the scene's SVG layer (data-for names their groups), in mm.
    var scene = node.closest(".scene");
    if (!scene) { return null; }
    var shapes = scene.querySelectorAll('[data-for~="' + node.id + '"]');
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    Array.prototype.forEach.call(shapes, function (shape) {
      var b = shape.getBBox();
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
    });
    if (!(x1 > x0 && y1 > y0)) { return null; }
    var hit = el("span", "pj-hit");
    hit.style.left = x0 + "mm";
    hit.style.top = y0 + "mm";
    hit.style.width = (x1 - x0) + "mm";
    hit.style.height = (y1 - y0) + "mm";
    scene.appendChild(hit);
    return { hit: hit, shapes: Array.prototype.slice.call(shapes) };
  }

  function bind(id, item) {
    var node = doc.getElementById(id);
    if (!node) { return; }
    var entry = { id: id, item: item, nodes: [node], hit: node };
    if (!node.classList.contains("scene")) {
      var made = hitBox(node);
      if (!made) { return; }
      entry.hit = made.hit;
      entry.nodes = entry.nodes.concat(made.shapes);
    }
    var hit = entry.hit;
    hit.tabIndex = 0;
    hit.setAttribute("role", "button");
    hit.setAttribute("aria-label", item.name);
    hit.setAttribute("aria-describedby", "pj-tip");
    hit.setAttribute("data-pj-item", id);
    hit.addEventListener("mouseenter", function () { showTip(entry); });
    hit.addEventListener("mouseleave", hideTip);
    hit.addEventListener("focus", function () { showTip(entry); });
    hit.addEventListener("blur", hideTip);
    entries.push(entry);
  }

  // -- search (the index) ---------------------------------------------------------------

  function searchBox() {
    var rows = doc.querySelectorAll("[data-pj-search]");
    if (!rows.length) { return null; }
    var wrap = el("label", "pj-field pj-search");
    wrap.appendChild(el("span", "pj-cap", L("search")));
    var input = el("input", "pj-input");
    input.type = "search";
    input.id = "pj-search";
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var hay = (row.textContent + " " + row.getAttribute("data-pj-search")).toLowerCase();
        var hit = words.every(function (w) { return hay.indexOf(w) >= 0; });
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
      Array.prototype.forEach.call(doc.querySelectorAll("section[id^='kind-']"), function (s) {
        s.hidden = !s.querySelector("[data-pj-search]:not([hidden])");
      });
      if (status) {
        status.textContent = L("shown").replace("{n}", shown).replace("{total}", rows.length);
      }
    });
    wrap.appendChild(input);
    return wrap;
  }

  // -- the bar -------------------------------------------------------------------------------

  function start() {
    readData();
    Object.keys(data.items).forEach(function (id) { bind(id, data.items[id]); });
    var bar = el("div", "pj-bar");
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", L("toolbar"));
    var search = searchBox();
    if (search) { bar.appendChild(search); }
    // A filter for each facet whose values differ among the things on this page, offering
    // only the values they have.
    var present = {};
    entries.forEach(function (e) {
      Object.keys(e.item.f || {}).forEach(function (k) {
        present[k] = present[k] || {};
        e.item.f[k].forEach(function (v) { present[k][v] = (present[k][v] || 0) + 1; });
      });
    });
    data.facets.forEach(function (facet) {
      var counts = present[facet.key] || {};
      var options = facet.options.filter(function (pair) { return counts[pair[0]]; });
      var everywhere = options.every(function (pair) { return counts[pair[0]] === entries.length; });
      if (options.length && !everywhere) {
        bar.appendChild(facetSelect({ key: facet.key, label: facet.label, options: options }));
      }
    });
    if (sheets().length) {
      var zoom = el("span", "pj-zoom");
      zoom.appendChild(button(L("zoom-out"), "\u2212", function () { zoomBy(1 / 1.25); }));
      zoom.appendChild(button(L("fit"), "\u2194", function () { state.fit = true; applyZoom(); }));
      zoom.appendChild(button(L("actual-size"), "1:1", function () { state.fit = false; state.zoom = 1; applyZoom(); }));
      zoom.appendChild(button(L("zoom-in"), "+", function () { zoomBy(1.25); }));
      bar.appendChild(zoom);
    }
    status = el("output", "pj-status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(status);
    tip = el("div", "pj-tip");
    tip.id = "pj-tip";
    tip.setAttribute("role", "tooltip");
    tip.setAttribute("aria-label", L("details"));
    tip.hidden = true;
    // At the top of the body: a sheet stays the body's last child (its page break).
    doc.body.insertBefore(tip, doc.body.firstChild);
    doc.body.insertBefore(bar, doc.body.firstChild);
    doc.addEventListener("keydown", function (event) { if (event.key === "Escape") { hideTip(); } });
    measure();
    applyZoom();
    window.addEventListener("resize", applyZoom);
    if (entries.length) { applyFilters(); }
    root.setAttribute("data-pj-ready", "");
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
