// The app shell for offline reloads: a secretary whose network drops can reload the minutes page and keep
// writing (the text itself lives in IndexedDB). Hand-written on purpose: it is a few lines, and
// vite-plugin-pwa would bring workbox and babel into the build for the same three rules:
// - navigations and "/" (index.html): network first, the cached copy when offline, so a new build is
//   picked up whenever the server answers;
// - /assets/*: cache first; vite puts a content hash in every name, so a cached file never goes stale;
// - never /api/ or /socket.io/: data and the live channel must come from the server or fail honestly.
const CACHE = 'tiepdan-shell-v1';
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(SHELL)));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// The page lists the assets it loaded before this worker took control (see main.ts), so the first visit
// is enough for an offline reload, including the lazily loaded route it was on.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((url) => typeof url === 'string' && isAsset(new URL(url, self.location.origin)));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) => cacheFirst(cache, new Request(url)).catch(() => null)))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
  if (request.mode === 'navigate' || url.pathname === SHELL) {
    event.respondWith(networkFirst(request));
  } else if (isAsset(url)) {
    event.respondWith(caches.open(CACHE).then((cache) => cacheFirst(cache, request)));
  }
});

function isAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/');
}

/** Every path is the same index.html (the router uses the hash), so it is kept once, under "/". */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
  if (response.ok) {
    await cache.put(SHELL, response.clone());
    return response;
  }
  // A proxy's 502 while the server restarts is no page to work in; the last good shell is.
  return (await cache.match(SHELL)) ?? response;
}

async function cacheFirst(cache, request) {
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
