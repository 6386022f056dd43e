/** Registers the portal's service worker (shell, pages and category list available offline) in a production build. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/portal-sw.js', { scope: '/portal' }).catch(() => {
      // without a service worker the portal still works online
    });
  });
}
