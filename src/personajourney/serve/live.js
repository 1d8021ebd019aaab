// personajourney serve: reload the page after each rebuild; show the model's problems
// over the last good wall while the YAML is broken; list the findings in a panel, each
// linked to its line in the editor. Served from /_pj/live.js (same origin), added to HTML
// responses only; the pack's files on disk never carry it. Everything from the model is
// set as text (textContent) or as a link the server made; nothing is parsed as HTML.
(function () {
  "use strict";
  var OVERLAY_ID = "pj-live-overlay";
  var PANEL_ID = "pj-live-findings";
  var BUTTON_ID = "pj-live-findings-button";
  var ENGLISH = {
    broken: "The model does not load: showing the last good wall",
    failed: "Some artefacts could not be made: showing their last good version",
    fix: "Save a fixed file and this goes away.",
    findings: "Findings",
    "no-findings": "No findings: every check passed.",
    "open-in-editor": "Open in the editor",
    report: "Check report",
    close: "Close"
  };
  var SEVERITY_COLOUR = { error: "#b3261e", warning: "#8a5a00", info: "#1f5fa8" };

  function say(status, key) {
    return (status.texts && status.texts[key]) || ENGLISH[key];
  }

  function removeById(id) {
    var old = document.getElementById(id);
    if (old) { old.parentNode.removeChild(old); }
  }

  function el(tag, text, css) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (css) { node.style.cssText = css; }
    return node;
  }

  function where(item) {
    return (item.file || "<input>") + (item.line ? ":" + item.line : "") +
      (item.line && item.column ? ":" + item.column : "");
  }

  function place(item, status, colour) {
    // file:line, a link into the editor when the server was given an editor URL
    if (item.editor) {
      var link = el("a", where(item), "color:" + colour);
      link.href = item.editor;
      link.title = say(status, "open-in-editor");
      return link;
    }
    return el("code", where(item), "color:" + colour);
  }

  function showOverlay(status) {
    removeById(OVERLAY_ID);
    var box = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.82);color:#fff;font:15px/1.45 system-ui,sans-serif;padding:32px");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.lang = status.locale || "en";
    box.appendChild(el("h2", say(status, status.ok ? "failed" : "broken"),
      "margin:0 0 16px;font-size:20px;color:#ffb4a8"));
    var list = el("ul", "", "margin:0;padding-left:20px");
    (status.problems || []).forEach(function (p) {
      var item = el("li", "", "margin:0 0 10px");
      item.appendChild(place(p, status, "#9fd3ff"));
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
    box.appendChild(el("p", say(status, "fix"), "opacity:.75;margin-top:16px"));
    document.body.appendChild(box);
  }

  function findingsPanel(status, open) {
    // In a shadow root of its own, so that the page's styles do not reach it.
    removeById(PANEL_ID + "-host");
    var findings = status.findings || [];
    var host = el("div", "", "position:fixed;right:0;bottom:0;z-index:2147483646");
    host.id = PANEL_ID + "-host";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var button = el("button", say(status, "findings") + " (" + findings.length + ")",
      "position:fixed;right:16px;bottom:16px;padding:8px 14px;" +
      "font:600 14px system-ui,sans-serif;color:#fff;background:#1d1d1f;border:0;" +
      "border-radius:18px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)");
    button.id = BUTTON_ID;
    button.type = "button";
    button.setAttribute("aria-controls", PANEL_ID);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var panel = el("section", "", "position:fixed;right:16px;bottom:60px;" +
      "width:min(480px,calc(100vw - 32px));max-height:60vh;overflow:auto;background:#fff;" +
      "color:#1d1d1f;font:14px/1.4 system-ui,sans-serif;border-radius:10px;padding:12px 16px;" +
      "box-shadow:0 4px 24px rgba(0,0,0,.35);text-align:left");
    panel.id = PANEL_ID;
    panel.lang = status.locale || "en";
    panel.hidden = !open;
    if (!open) { panel.style.display = "none"; }
    panel.setAttribute("aria-label", say(status, "findings"));
    var head = el("div", "", "display:flex;justify-content:space-between;align-items:baseline");
    head.appendChild(el("h2", say(status, "findings"), "margin:0;font:600 16px system-ui,sans-serif"));
    var report = el("a", say(status, "report"), "color:#1f5fa8");
    report.href = "/report.html";
    head.appendChild(report);
    panel.appendChild(head);
    if (!findings.length) {
      panel.appendChild(el("p", say(status, "no-findings")));
    }
    var list = el("ul", "", "list-style:none;margin:8px 0 0;padding:0");
    findings.forEach(function (f) {
      var item = el("li", "", "display:block;padding:8px 0;border-top:1px solid #e5e5e5");
      item.appendChild(el("div", f.code + " · " + (f.severity_label || f.severity),
        "font-weight:600;color:" + (SEVERITY_COLOUR[f.severity] || "#1d1d1f")));
      item.appendChild(el("div", f.message));
      if (f.hint) { item.appendChild(el("div", f.hint, "color:#555")); }
      if (f.file) {
        var at = el("div", "", "font-size:13px");
        var shown = { file: f.file.split(/[\\/]/).pop(), line: f.line };
        var spot = place({ file: shown.file, line: f.line, editor: f.editor }, status, "#1f5fa8");
        spot.title = f.file + (f.line ? ":" + f.line : "");
        at.appendChild(spot);
        item.appendChild(at);
      }
      list.appendChild(item);
    });
    panel.appendChild(list);
    button.addEventListener("click", function () {
      var opening = panel.hidden;
      panel.hidden = !opening;
      panel.style.display = opening ? "block" : "none";
      button.setAttribute("aria-expanded", opening ? "true" : "false");
      try { sessionStorage.setItem("pj-findings-open", opening ? "1" : "0"); } catch (e) { /* private mode */ }
    });
    root.appendChild(panel);
    root.appendChild(button);
    document.body.appendChild(host);
  }

  function check(reload) {
    fetch("/_pj/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (reload && status.ok) {
          window.location.reload();  // the new page asks again, and shows any failures
          return;
        }
        var open = false;
        try { open = sessionStorage.getItem("pj-findings-open") === "1"; } catch (e) { /* none */ }
        findingsPanel(status, open);
        if (status.ok && !(status.failed || []).length) {
          removeById(OVERLAY_ID);
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
