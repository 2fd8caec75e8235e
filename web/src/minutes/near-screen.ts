// Calls `show` once the element comes within a margin of the visible part of the page, measured against
// the element that scrolls (the app's main area): with the viewport as root, that area's clipping would hide
// the margin. Returns the cleanup, for onMount.
const MARGIN = '1200px 0px';

export function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return null;
}

export function nearScreen(el: HTMLElement, show: () => void): () => void {
  const observer = new IntersectionObserver(
    (seen) => {
      if (!seen.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      show();
    },
    { root: scrollParent(el), rootMargin: MARGIN },
  );
  observer.observe(el);
  return () => observer.disconnect();
}
