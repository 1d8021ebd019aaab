// personajourney serve: reload the page after each rebuild; show the model's problems
// over the last good wall while the YAML is broken. Served from /_pj/live.js (same origin),
// added to HTML responses only; the pack's files on disk never carry it.
(function () {
  "use strict";
  var OVERLAY_ID = "pj-live-overlay";

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) { old.parentNode.removeChild(old); }
  }

  function el(tag, text, css) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }  // text only: nothing from the model is parsed as HTML
    if (css) { node.style.cssText = css; }
    return node;
  }

  function showOverlay(status) {
    removeOverlay();
    var box = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.82);color:#fff;font:15px/1.45 system-ui,sans-serif;padding:32px");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    var title = status.ok ? "Some artefacts could not be made: showing their last good version"
      : "The model does not load: showing the last good wall";
    box.appendChild(el("h2", title, "margin:0 0 16px;font-size:20px;color:#ffb4a8"));
    var list = el("ul", "", "margin:0;padding-left:20px");
    (status.problems || []).forEach(function (p) {
      var where = (p.file || "<input>") + (p.line ? ":" + p.line : "") +
        (p.line && p.column ? ":" + p.column : "");
      var item = el("li", "", "margin:0 0 10px");
      item.appendChild(el("code", where, "color:#9fd3ff"));
      item.appendChild(document.createTextNode(
        (p.path ? " " + p.path + ":" : "") + " " + p.message + (p.hint ? " (" + p.hint + ")" : "")));
      list.appendChild(item);
    });
    (status.failed || []).forEach(function (f) {
      var item = el("li", "", "margin:0 0 10px");
      item.appendChild(el("code", f.artefact, "color:#9fd3ff"));
      item.appendChild(document.createTextNode(": " + f.reason));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(el("p", "Save a fixed file and this goes away.", "opacity:.75;margin-top:16px"));
    document.body.appendChild(box);
  }

  function check(reload) {
    fetch("/_pj/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (reload && status.ok) {
          window.location.reload();  // the new page asks again, and shows any failures
        } else if (status.ok && !(status.failed || []).length) {
          removeOverlay();
        } else {
          showOverlay(status);
        }
      })
      .catch(function () { /* the server is gone; the page stays as it is */ });
  }

  function start() {
    check(false);
    var events = new EventSource("/_pj/events");
    events.addEventListener("build", function () { check(true); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
