/* The leader app's service worker: the summary page network-first (fresh when online, the last
   synced copy when not), its static files cache-first. Nothing is fetched from elsewhere. */
"use strict";
var CACHE = "dieuhanh-leader-v1";
var STATIC = ["/static/css/app.css", "/static/js/leader.js", "/static/leader/manifest.webmanifest",
  "/static/leader/icon-192.png", "/static/favicon.svg"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(STATIC); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === "navigate" || url.pathname.indexOf("/dieu-hanh/lanh-dao/") === 0) {
    event.respondWith(fetch(request).then(function (response) {
      // Keep only a real page: not a redirect to the login form, not an error.
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (c) { c.put(request.url.split("?")[0], copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request.url.split("?")[0]).then(function (hit) {
        return hit || new Response("<p>Chưa có bản lưu để xem khi mất kết nối.</p>",
          { headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    }));
  }
});
