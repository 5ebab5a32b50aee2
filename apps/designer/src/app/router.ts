import { useSyncExternalStore } from 'react';

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}
const read = () => window.location.hash.replace(/^#\/?/, '');

/** Hash routing: "#/workflows/SIM_SWAP" → ["workflows", "SIM_SWAP"] (segments decoded). */
export function useRoute(): string[] {
  const hash = useSyncExternalStore(subscribe, read);
  const [path] = hash.split('?');
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

export function useRouteQuery(): URLSearchParams {
  const hash = useSyncExternalStore(subscribe, read);
  return new URLSearchParams(hash.split('?')[1] ?? '');
}

export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function navigate(...segments: string[]): void {
  window.location.hash = href(...segments);
}
