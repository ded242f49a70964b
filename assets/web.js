// normwijzer's web page: small enhancements on top of a page that works without JavaScript.
// No inline handlers (the Content-Security-Policy forbids them): everything is wired here.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function form() {
    return document.querySelector("form.ask");
  }

  // Enter sends the question, Shift+Enter starts a new line.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && t.id === "vraag" && e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      var f = form();
      if (f && t.value.trim() !== "") {
        if (f.requestSubmit) { f.requestSubmit(); } else { f.submit(); }
      }
    }
  });

  // After an answer came in: empty the question field, show the new turn, focus the field.
  document.addEventListener("htmx:afterRequest", function (e) {
    var f = form();
    if (!f || e.detail.elt !== f) { return; }
    if (e.detail.successful) {
      var q = document.getElementById("vraag");
      if (q) { q.value = ""; }
      var intro = document.querySelector(".intro");
      if (intro) { intro.remove(); }
    }
    var turns = document.querySelectorAll("#gesprek > .turn");
    var last = turns[turns.length - 1];
    if (last) { last.scrollIntoView({ block: "start", behavior: "smooth" }); }
    var field = document.getElementById("vraag");
    if (field) { field.focus({ preventScroll: true }); }
  });

  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    area.remove();
    return ok;
  }

  // "Kopieer citaat": the quote, its source and its id as plain text.
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-kopieer]") : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-kopieer"));
    if (!source) { return; }
    var text = source.value;
    var status = button.parentElement.querySelector(".copied");
    function done(ok) {
      if (status) {
        status.textContent = ok ? "Gekopieerd" : "Kopiëren lukte niet: selecteer de tekst hieronder.";
      }
      if (!ok) {
        var details = source.closest("details");
        if (details) { details.classList.add("shown"); details.open = true; }
      }
      window.setTimeout(function () { if (status) { status.textContent = ""; } }, 4000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); },
        function () { done(copyFallback(text)); });
    } else {
      done(copyFallback(text));
    }
  });
})();
