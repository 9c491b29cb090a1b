// Upload with a progress bar: the bytes going up, then the work on the server (an
// indeterminate bar, its label from data-reading-label), instead of a page that looks frozen
// on a 100-page plan or a file of a million values. Used by the plan and value imports.
(function () {
  "use strict";
  var form = document.querySelector("form[data-import-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var box = document.querySelector("[data-import-progress]");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-import-progress-label]");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      bar.max = e.total;
      bar.value = e.loaded;
      label.textContent = "Đang tải lên: " + Math.round((e.loaded / e.total) * 100) + "%";
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate while the server reads the plan
      label.textContent = box.getAttribute("data-reading-label") || "Đang đọc văn bản: nhiệm vụ, chỉ tiêu, thời hạn…";
    });
    request.addEventListener("load", function () {
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      box.hidden = true;
      form.submit();
    });
    box.hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
    request.send(new FormData(form));
  });
})();
