/// <reference types="vite/client" />
import { mount } from 'svelte';
import App from './App.svelte';
import { setupI18n } from './i18n/index.ts';

// Dictionaries are bundled, so the first render already has its text.
setupI18n();

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain #app');

export default mount(App, { target });

// The service worker (public/sw.js) keeps the app shell so a page once loaded online reloads offline. Only
// in a build: the dev server's modules are not under /assets/ and would not be cached anyway.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const container = navigator.serviceWorker;
  // What this page loaded before the worker took control (the first visit, a lazily loaded route) would
  // otherwise be missing offline; the worker caches the /assets/ among them. Told again when it takes
  // control, for what finished loading in between.
  const report = (worker: ServiceWorker | null | undefined) => {
    const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
    worker?.postMessage({ type: 'cache', urls });
  };
  container.addEventListener('controllerchange', () => report(container.controller));
  window.addEventListener('load', () => {
    container
      .register('/sw.js', { scope: '/' })
      .then(() => container.ready)
      .then((registration) => report(registration.active))
      .catch(() => {
        // Without a worker the app still works online; only the offline reload is lost.
      });
  });
}
