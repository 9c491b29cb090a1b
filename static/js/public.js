/* Public pages: the "print this page" button (no inline handlers: the CSP allows 'self' only). */
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });
})();
