/* The report's autosave sends only the fields that changed since the last save the server
   acknowledged (with the version and the "chi_thay_doi" marker: absent fields stay as they
   are). Nothing changed: no request. A refused save ("Chưa lưu.") keeps its fields as unsent,
   so the next save carries them again. */
(function () {
  "use strict";
  var MARK = "chi_thay_doi";
  var form = null;
  var acked = null;    // field name -> value the server has
  var inFlight = null; // what the current request sends

  function fields() {
    var out = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version" && typeof value === "string") {
        out[name] = value;
      }
    });
    return out;
  }

  function start() {
    form = document.getElementById("report-form");
    if (form) { acked = fields(); }
  }

  document.addEventListener("DOMContentLoaded", start);

  document.addEventListener("htmx:configRequest", function (event) {
    if (!form || event.detail.elt !== form) { return; }
    var now = fields();
    var data = event.detail.formData;
    var changed = {};
    var any = false;
    Object.keys(now).forEach(function (name) {
      if (acked[name] !== now[name]) { changed[name] = now[name]; any = true; }
    });
    if (!any) { event.preventDefault(); return; }
    Array.from(data.keys()).forEach(function (name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version") { data.delete(name); }
    });
    Object.keys(changed).forEach(function (name) { data.set(name, changed[name]); });
    data.set(MARK, "1");
    inFlight = changed;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!form || event.detail.elt !== form || !inFlight) { return; }
    var xhr = event.detail.xhr;
    var refused = !event.detail.successful || !xhr || xhr.responseText.indexOf("tone-bad") !== -1;
    if (!refused) {
      Object.keys(inFlight).forEach(function (name) { acked[name] = inFlight[name]; });
    }
    inFlight = null;
  });
})();
