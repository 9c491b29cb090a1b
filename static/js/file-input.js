/* Every file input speaks Vietnamese: the browser's own button says "Choose File / No file
   chosen" in the browser's language, whatever the page's. Inputs written as `.file-pick` already
   (the report page) are left as they are; every other one is given the same label and name line. */
(function () {
  "use strict";
  var count = 0;

  function chosen(input) {
    var files = input.files || [];
    if (!files.length) { return "Chưa chọn tệp nào"; }
    if (files.length === 1) { return files[0].name; }
    return files.length + " tệp: " + Array.prototype.map.call(files, function (f) { return f.name; }).join(", ");
  }

  function dress(input) {
    if (input.classList.contains("file-input") || input.closest(".file-pick")) { return; }
    if (!input.id) { count += 1; input.id = "tep-chon-" + count; }
    var box = document.createElement("span");
    box.className = "file-pick";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    input.classList.add("file-input");
    var button = document.createElement("label");
    button.htmlFor = input.id;
    button.className = "button secondary file-button";
    button.textContent = input.multiple ? "Chọn các tệp…" : "Chọn tệp…";
    var name = document.createElement("span");
    name.className = "file-name";
    name.setAttribute("data-file-name", "");
    name.textContent = chosen(input);
    box.appendChild(button);
    box.appendChild(name);
    input.addEventListener("change", function () { name.textContent = chosen(input); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[type=file]"), dress);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
