/* Confirm before an action that cannot be taken back: a submit button with data-confirm asks
   first (no inline script: the CSP allows scripts from 'self' only). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = button && button.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
