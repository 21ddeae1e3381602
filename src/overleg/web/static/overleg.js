// Small enhancements only; every page works without this script.
// A tap on a footnote marker shows its text first (a second tap follows the link);
// Escape hides an open footnote text (WCAG 1.4.13: dismissible).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.nootlink");
  if (!link) return;
  var holder = link.parentElement;
  if (window.matchMedia("(hover: none)").matches && !holder.classList.contains("open")) {
    event.preventDefault();
    document.querySelectorAll(".noot.open").forEach(function (n) { n.classList.remove("open"); });
    holder.classList.add("open");
  }
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    document.body.classList.add("geen-tips");
    document.querySelectorAll(".noot.open").forEach(function (n) { n.classList.remove("open"); });
  }
});
document.addEventListener("focusin", function () { document.body.classList.remove("geen-tips"); });
// After a refused form the error summary takes the focus, so a screen reader reads it first
// and a keyboard user tabs from it straight into the fields it links to.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".foutsamenvatting");
  if (summary) summary.focus();
});
// On a narrow screen the contents and downloads start folded, so the report itself comes first.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(max-width: 59.99rem)").matches) {
    document.querySelectorAll("details.inklapbaar").forEach(function (d) { d.removeAttribute("open"); });
  }
});
// Autosave of a group's draft in its editor (form.inbrengformulier[data-autosave]); the form's
// own buttons stay the path without JavaScript. A save is sent only when something typed
// changed, after a pause in typing (PAUSE) and at most once per INTERVAL, and when the page is
// left. Each save is an event in the procedure's log, hence the limits (docs/web.md).
// A colleague's save in between (409) stops autosaving: the message is shown above the buttons
// with a link to the colleague's version; the user's own text stays in the fields and is also
// kept in localStorage, offered back after reloading. A handed-in contribution has no
// data-autosave: saving it would make it a draft again, which only the button "Opslaan" does.
(function () {
  var PAUSE = 2500, INTERVAL = 10000, HIDDEN = {csrf: 1, version: 1, "do": 1};

  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + "." + ("0" + date.getMinutes()).slice(-2);
  }
  function typed(form) {  // what the user typed: every visible field, by name
    var found = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && !HIDDEN[el.name] && el.type !== "hidden" && el.type !== "submit") found[el.name] = el.value;
    });
    return found;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function keep(key, form) {
    try { localStorage.setItem(key, JSON.stringify({fields: typed(form), at: hhmm(new Date())})); }
    catch (e) { /* storage full or refused: the text is still in the fields */ }
  }
  function kept(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function forget(key) {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function showError(form, message, reload) {
    var status = form.querySelector(".bewaarstatus");
    var alert = form.querySelector(".bewaarfout");
    if (!alert) {
      alert = document.createElement("p");
      alert.className = "fout bewaarfout";
      alert.id = "bewaarfout";
      alert.setAttribute("role", "alert");
      status.parentNode.insertBefore(alert, status);
    }
    alert.textContent = message + " ";
    if (reload) {
      var link = document.createElement("a");
      link.href = reload;
      link.textContent = "Laad de versie van uw collega";
      alert.appendChild(link);
    }
  }

  function enhance(form) {
    var url = form.getAttribute("data-autosave"), key = form.getAttribute("data-bewaar");
    var status = form.querySelector(".bewaarstatus");
    var saved = typed(form), lastSave = 0, timer = null, busy = false, stopped = false;

    offerKept(form, key, saved);

    function empty() {
      var all = typed(form);
      return !Object.keys(all).some(function (k) { return all[k].trim(); });
    }
    function save(leaving) {
      timer = null;
      if (stopped || busy || same(typed(form), saved) || empty()) return;
      var wait = lastSave + INTERVAL - Date.now();
      if (wait > 0 && !leaving) { timer = setTimeout(save, wait); return; }
      var sending = typed(form);
      busy = true;
      lastSave = Date.now();
      keep(key, form);
      var body = new URLSearchParams(new FormData(form));
      body.delete("do");
      fetch(url, {method: "POST", body: body, keepalive: !!leaving,
                  credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (b) { return {ok: r.ok, status: r.status, body: b}; }); })
        .then(function (answer) {
          busy = false;
          if (answer.ok) {
            form.elements.version.value = answer.body.version;
            saved = sending;
            if (same(typed(form), saved)) forget(key);
            status.textContent = answer.body.message;
            if (!same(typed(form), saved)) schedule();
            return;
          }
          if (answer.status === 400) {  // e.g. a footnote address that cannot be a link: the button says where
            status.textContent = "Niet automatisch opgeslagen: " + (answer.body.error || "controleer de velden.");
            return;
          }
          stopped = true;
          status.textContent = "";
          showError(form, answer.body.error || "Niet automatisch opgeslagen.", answer.body.reload);
        })
        .catch(function () {
          busy = false;
          status.textContent = "Niet automatisch opgeslagen (geen verbinding); uw tekst is in deze browser bewaard.";
        });
    }
    function schedule() {
      keep(key, form);  // also after a conflict: what is typed then is kept too
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, PAUSE);
    }
    form.addEventListener("input", schedule);
    form.addEventListener("submit", function () { if (timer) clearTimeout(timer); stopped = true; });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
  }

  // Text kept after a conflict (or a lost connection) that differs from what the page shows now.
  function offerKept(form, key, current) {
    var own = kept(key);
    if (!own || !own.fields || same(own.fields, current)) { forget(key); return; }
    var note = document.createElement("div");
    note.className = "melding";
    var p = document.createElement("p");
    p.textContent = "Uw eigen tekst van " + own.at + " uur is in deze browser bewaard. Het formulier toont nu de opgeslagen versie.";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Zet mijn tekst terug";
    restore.addEventListener("click", function () {
      var first = null;
      Object.keys(own.fields).forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.value !== undefined && field.type !== "hidden") {
          field.value = own.fields[name];
          first = first || field;
        }
      });
      note.remove();
      if (first) {
        first.focus();
        first.dispatchEvent(new Event("input", {bubbles: true}));
      }
    });
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "secundair";
    drop.textContent = "Vergeet mijn tekst";
    drop.addEventListener("click", function () { forget(key); note.remove(); });
    note.appendChild(p);
    note.appendChild(restore);
    note.appendChild(document.createTextNode(" "));
    note.appendChild(drop);
    form.insertBefore(note, form.firstChild);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.inbrengformulier[data-autosave]").forEach(enhance);
    // a handed-in contribution is not autosaved, but text kept from before is still offered back
    document.querySelectorAll("form.inbrengformulier[data-bewaar]:not([data-autosave])").forEach(function (form) {
      offerKept(form, form.getAttribute("data-bewaar"), typed(form));
    });
  });
})();

// The ministry's answer forms: what is typed is kept in this browser until the page shows it as
// saved, so a lost connection, an expired session or a closed tab loses nothing. Answers are not
// saved to the server automatically: an answer is an event the committee sees (docs/web.md).
(function () {
  function kept(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function forget(key) {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function enhance(form) {
    var key = form.getAttribute("data-concept"), field = form.elements.text;
    if (!key || !field) return;
    var own = kept(key);
    if (own && own.text !== field.value && own.text.trim()) {
      var note = document.createElement("div");
      note.className = "melding";
      var p = document.createElement("p");
      p.textContent = "Een niet-opgeslagen antwoord van " + own.at + " is in deze browser bewaard.";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.textContent = "Zet dit antwoord terug";
      restore.addEventListener("click", function () { field.value = own.text; note.remove(); field.focus(); });
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "secundair";
      drop.textContent = "Vergeet het";
      drop.addEventListener("click", function () { forget(key); note.remove(); });
      note.appendChild(p);
      note.appendChild(restore);
      note.appendChild(document.createTextNode(" "));
      note.appendChild(drop);
      form.insertBefore(note, form.firstChild);
    } else {
      forget(key);  // the page shows it: saved (or nothing was kept)
    }
    field.addEventListener("input", function () {
      var now = new Date();
      try {
        localStorage.setItem(key, JSON.stringify({text: field.value,
          at: ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2)}));
      } catch (e) { /* storage full or refused: the text is still in the field */ }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.antwoordformulier[data-concept]").forEach(enhance);
  });
})();
