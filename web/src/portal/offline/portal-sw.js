/* global self, caches, fetch, URL, Response */
/**
 * The portal's service worker: the shell and the request form's files are cached on install, other portal files as
 * they are used, the category list after each successful load. Pages are fetched from the network first, so a new
 * release shows at once; without a network the cached shell answers. The build inserts the file list below.
 */
const PRECACHE = self.__QH_PRECACHE__;
const SHELL = `qh-portal-shell-${PRECACHE.version}`;
const FILES = 'qh-portal-files';
const DATA = 'qh-portal-data';
const CATEGORIES = '/api/portal/request-categories';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(['/portal', ...PRECACHE.urls]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('qh-portal-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const networkFirst = (request, cacheName, fallback) =>
  fetch(request)
    .then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(cacheName).then((c) => c.put(fallback ?? request, copy));
      }
      return res;
    })
    .catch(() => caches.match(fallback ?? request).then((hit) => hit ?? Response.error()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/portal' || url.pathname.startsWith('/portal/'))) {
    // Every portal address is the same page; the cached copy is stored under /portal.
    event.respondWith(networkFirst(request, SHELL, '/portal'));
  } else if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) {
    // Built files carry a content hash in their name: a cached copy never goes stale.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(FILES).then((c) => c.put(request, copy));
            }
            return res;
          }),
      ),
    );
  } else if (url.pathname === CATEGORIES) {
    event.respondWith(networkFirst(request, DATA));
  }
});
