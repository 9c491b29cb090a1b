/* The report page: nothing typed is lost.
   - every change is kept on this machine (localStorage, per report) until the server has it,
     so a reporter whose session expired gets the typing back after logging in again;
   - leaving the page with changes not yet saved asks first (beforeunload);
   - evidence is added without leaving the page, after the draft is saved;
   - "Không thay đổi" keeps last period's accepted status, progress and result with one click;
   - file inputs speak Vietnamese (a styled label and the chosen file's name).
   No inline script: the CSP allows scripts from 'self' only. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var key = "dieuhanh:bao-cao:" + form.getAttribute("data-report-id");
  var edits = 0;      // changes typed on this page
  var savedEdits = 0; // how many of them the server has confirmed
  var loginLost = false;

  function versionNow() {
    var input = document.getElementById("report-version");
    return input ? input.value : "";
  }
  function isReportField(el) {
    return el && el.name && el.form === form && el.name !== "csrfmiddlewaretoken" && el.name !== "version";
  }
  function fieldValues() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (isReportField(el) && el.type !== "submit" && el.type !== "button") out[el.name] = el.value;
    });
    return out;
  }
  function remember() {
    try {
      localStorage.setItem(key, JSON.stringify({ version: versionNow(), at: Date.now(), fields: fieldValues() }));
    } catch (e) { /* private mode or full storage: the server autosave still runs */ }
  }
  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  function unsaved() { return edits > savedEdits || loginLost; }
  function status(html, tone) {
    var box = document.getElementById("save-status");
    if (!box) return;
    box.className = "save-status tone-" + tone;
    box.innerHTML = html;
  }

  function onEdit(event) {
    if (!isReportField(event.target)) return;
    edits += 1;
    remember();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  // The evidence fields belong to their own forms: their typing must not autosave the report.
  Array.prototype.forEach.call(document.querySelectorAll(".evidence-form"), function (box) {
    ["input", "change"].forEach(function (type) {
      box.addEventListener(type, function (event) { event.stopPropagation(); fileName(event.target); });
    });
  });

  // --- autosave outcomes ----------------------------------------------------------------
  var inFlight = 0;
  var idleWaiters = [];
  form.addEventListener("htmx:beforeRequest", function (event) {
    // A delayed autosave with nothing new since the last confirmed save has nothing to send
    // (e.g. the draft was already saved before adding evidence).
    if (!unsaved()) { event.preventDefault(); return; }
    inFlight += 1;
    event.detail.requestConfig.sentEdits = edits;
  });
  form.addEventListener("htmx:afterRequest", function () {
    inFlight = Math.max(0, inFlight - 1);
    if (!inFlight) idleWaiters.splice(0).forEach(function (done) { done(); });
  });
  function idle() {
    return inFlight ? new Promise(function (done) { idleWaiters.push(done); }) : Promise.resolve();
  }
  form.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/tai-khoan/dang-nhap/") !== -1) {
      // The session expired: the login page came back instead of the save.
      event.detail.shouldSwap = false;
      sessionLost();
    }
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status === 401 || xhr.status === 403) { sessionLost(); return; }
    if (xhr.responseURL && xhr.responseURL.indexOf("/tai-khoan/dang-nhap/") !== -1) return;
    var box = document.getElementById("save-status");
    var failed = !event.detail.successful || (box && box.classList.contains("tone-bad"));
    if (failed) { remember(); return; }
    loginLost = false;
    var sent = event.detail.requestConfig && event.detail.requestConfig.sentEdits;
    savedEdits = Math.max(savedEdits, typeof sent === "number" ? sent : edits);
    if (edits > savedEdits) remember(); else forget();
  });
  function sessionLost() {
    loginLost = true;
    remember();
    var next = encodeURIComponent(window.location.pathname);
    status('<strong>Phiên đăng nhập đã hết hạn, chưa lưu được.</strong> Những gì bạn nhập vẫn được giữ trên máy này; ' +
      '<a href="/tai-khoan/dang-nhap/?next=' + next + '">đăng nhập lại</a> rồi mở lại báo cáo, nội dung sẽ được khôi phục.', "bad");
  }

  // The whole form posted ("Lưu nháp", "Gửi báo cáo"): the next page is the server's answer.
  form.addEventListener("submit", function () { savedEdits = edits; loginLost = false; });

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved()) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  });

  // Save the draft now (and wait), e.g. before adding evidence.
  function flush() {
    return idle().then(function () {
      if (!unsaved() || !window.htmx) return true;
      return window.htmx.ajax("POST", form.getAttribute("hx-post"), {
        source: form, target: "#save-status", swap: "outerHTML"
      }).then(idle).then(function () { return !unsaved(); }, function () { return false; });
    });
  }

  // --- typing kept on this machine comes back --------------------------------------------
  function restore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields) return;
    var now = fieldValues();
    var differs = Object.keys(kept.fields).filter(function (name) {
      return name in now && now[name] !== kept.fields[name];
    });
    if (!differs.length) { forget(); return; }
    var when = new Date(kept.at);
    var at = ("0" + when.getHours()).slice(-2) + ":" + ("0" + when.getMinutes()).slice(-2) + " " +
      ("0" + when.getDate()).slice(-2) + "/" + ("0" + (when.getMonth() + 1)).slice(-2) + "/" + when.getFullYear();
    function apply() {
      differs.forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (el && el.value !== undefined) el.value = kept.fields[name];
      });
      edits += 1;
      remember();
      var first = form.elements.namedItem(differs[0]);
      if (first && first.dispatchEvent) first.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (String(kept.version) === versionNow()) {
      // Nobody saved since: this is the reporter's own typing that did not reach the server.
      apply();
      status("<strong>Đã khôi phục " + differs.length + " ô bạn nhập lúc " + at +
        " nhưng chưa kịp lưu</strong> (ví dụ vì phiên đăng nhập hết hạn); đang lưu lại.", "warn");
      return;
    }
    // The report was saved since (another tab, a colleague): offer, never overwrite silently.
    var box = document.createElement("div");
    box.className = "error restore-offer";
    box.setAttribute("role", "alert");
    box.innerHTML = "<strong>Trên máy này còn " + differs.length + " ô bạn nhập lúc " + at +
      " chưa được lưu</strong>, nhưng báo cáo đã được lưu lại sau đó. ";
    var yes = document.createElement("button");
    yes.type = "button"; yes.className = "secondary"; yes.textContent = "Khôi phục nội dung đã nhập";
    var no = document.createElement("button");
    no.type = "button"; no.className = "secondary"; no.textContent = "Bỏ qua";
    yes.addEventListener("click", function () { apply(); box.remove(); });
    no.addEventListener("click", function () { forget(); box.remove(); });
    box.appendChild(yes); box.appendChild(document.createTextNode(" ")); box.appendChild(no);
    form.parentNode.insertBefore(box, form);
  }
  // After htmx has bound the form (it starts on DOMContentLoaded), so the restored fields autosave.
  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(restore, 0); });

  // --- "Không thay đổi": last accepted period's values, one click --------------------------
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-keep-previous]");
    if (!button) return;
    var task = button.closest(".task-update");
    var prev = button.closest("[data-previous]");
    var id = task.getAttribute("data-update");
    var values = {
      progress: prev.getAttribute("data-progress"),
      percent: prev.getAttribute("data-percent"),
      completed_on: prev.getAttribute("data-completed-on"),
      result: prev.getAttribute("data-result")
    };
    Object.keys(values).forEach(function (name) {
      var el = form.elements.namedItem("u-" + id + "-" + name);
      if (el) el.value = values[name] || "";
    });
    var last = form.elements.namedItem("u-" + id + "-result");
    if (last) last.dispatchEvent(new Event("change", { bubbles: true }));
    button.textContent = "Đã giữ như kỳ trước";
    button.classList.add("kept");
  });

  // --- evidence without leaving the page ---------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("form[data-evidence-form]"), function (ev) {
    ev.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = ev.getAttribute("data-evidence-form");
      var box = document.querySelector('[data-evidence-for="' + id + '"]');
      var say = box.querySelector("[data-evidence-status]");
      say.className = "evidence-status";
      say.textContent = "Đang lưu bản nháp rồi thêm minh chứng…";
      flush().then(function () {
        return fetch(ev.action, {
          method: "POST", body: new FormData(ev), credentials: "same-origin",
          headers: { "HX-Request": "true" }
        });
      }).then(function (response) {
        if (response.redirected && response.url.indexOf("/tai-khoan/dang-nhap/") !== -1) {
          sessionLost();
          throw new Error("Phiên đăng nhập đã hết hạn: hãy đăng nhập lại rồi thêm minh chứng.");
        }
        return response.text().then(function (text) {
          if (!response.ok) throw new Error(text || "Không thêm được minh chứng.");
          document.querySelector('[data-evidence-list="' + id + '"]').innerHTML = text;
          ev.reset();
          Array.prototype.forEach.call(box.querySelectorAll("input"), function (input) {
            input.value = "";
            fileName(input);
          });
          say.className = "evidence-status tone-ok";
          say.textContent = "Đã thêm minh chứng; những gì bạn nhập trong báo cáo vẫn giữ nguyên.";
        });
      }).catch(function (error) {
        say.className = "evidence-status tone-bad";
        say.textContent = error.message;
      });
    });
  });

  // --- file inputs in Vietnamese -------------------------------------------------------------
  function fileName(input) {
    if (!input || input.type !== "file") return;
    var label = input.parentNode.querySelector("[data-file-name]");
    if (!label) return;
    label.textContent = input.files && input.files.length ? input.files[0].name : "Chưa chọn tệp nào";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.file-input"), function (input) {
    input.addEventListener("change", function () { fileName(input); });
  });
})();
