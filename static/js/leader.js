/* The leader's app: registers the service worker, says when the figures were synced and whether
   the phone is offline, and notifies new warnings where the browser allows it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-leader]");
  if (!root) { return; }

  if ("serviceWorker" in navigator) {
    // Ready means active (its copy of the static files is cached), not merely registered: a
    // reload after that is served through the worker.
    navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope });
    navigator.serviceWorker.ready.then(function () {
      root.setAttribute("data-worker-ready", "1");
    });
  }

  function offline() {
    var banner = document.getElementById("leader-offline");
    if (banner) { banner.hidden = navigator.onLine; }
  }
  window.addEventListener("online", offline);
  window.addEventListener("offline", offline);
  offline();

  // New warnings since the last visit, told once: the page carries their keys.
  var keys = JSON.parse(document.getElementById("leader-warnings").textContent);
  var seen = JSON.parse(window.localStorage.getItem("leader-warnings") || "null");
  var fresh = seen === null ? [] : keys.filter(function (k) { return seen.indexOf(k) < 0; });
  window.localStorage.setItem("leader-warnings", JSON.stringify(keys));
  var note = document.getElementById("leader-new");
  if (note && fresh.length) {
    note.hidden = false;
    note.textContent = "Cảnh báo mới từ lần xem trước: " + fresh.join("; ");
  }
  if (fresh.length && "Notification" in window && Notification.permission === "granted") {
    new Notification("Cảnh báo mới", { body: fresh.join("\n"), icon: "/static/leader/icon-192.png" });
  }
  var ask = document.getElementById("leader-notify");
  if (ask && "Notification" in window && Notification.permission === "default") {
    ask.hidden = false;
    ask.addEventListener("click", function () {
      Notification.requestPermission().then(function () { ask.hidden = true; });
    });
  }
})();
