/* Broadsheet's service worker: the front page and the last __MAX_ARTICLES__ articles opened stay
   readable offline; any other page shows the offline page when the network is gone.
   Served by /sw.js with the current asset list and version filled in. */
'use strict';

var VERSION = __VERSION__;
var PRECACHE = __PRECACHE__;
var MAX_ARTICLES = __MAX_ARTICLES__;
var SHELL = 'broadsheet-shell-' + VERSION;
var PAGES = 'broadsheet-pages';
var ARTICLE = /^\/articles\/\d+$/;

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(PRECACHE); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf('broadsheet-shell-') === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* Keep the newest MAX_ARTICLES articles: keys come back in insertion order, and an
   article opened again is deleted and re-added, so the oldest are first. */
function trim(cache) {
  return cache.keys().then(function (keys) {
    var articles = keys.filter(function (request) { return ARTICLE.test(new URL(request.url).pathname); });
    var extra = articles.length - MAX_ARTICLES;
    return Promise.all(articles.slice(0, Math.max(0, extra)).map(function (request) {
      return cache.delete(request);
    }));
  });
}

function keep(request, response) {
  var url = new URL(request.url);
  var front = url.pathname === '/' && !url.search;
  if (!front && !ARTICLE.test(url.pathname)) { return Promise.resolve(); }
  return caches.open(PAGES).then(function (cache) {
    return cache.delete(request).then(function () {
      return cache.put(request, response);
    }).then(function () { return trim(cache); });
  });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok) {
      event.waitUntil(keep(new Request(request.url), response.clone()));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(request.url, { ignoreVary: true });
    }).then(function (saved) {
      return saved || caches.match('/offline');
    });
  });
}

function asset(request) {
  return caches.match(request).then(function (saved) { return saved || fetch(request); });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === 'navigate') {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf('/static/') === 0 || url.pathname.indexOf('/icons/') === 0) {
    event.respondWith(asset(request));
  }
});
