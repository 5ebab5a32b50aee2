import { useSyncExternalStore } from 'react';
import { checkPinnedSample, type PinnedSample } from '@signalbox/domain';

/*
 * Pinned sample data, one per workflow, kept in this browser's localStorage (not on the server:
 * colleagues do not see it, and it never touches a draft or a published version). Every screen of
 * the tab reads it through usePinnedSample and sees a pin at once; another tab sees it through the
 * storage event.
 */

const PREFIX = 'signalbox.pinned-sample.';
const listeners = new Set<() => void>();
/** In-memory copy, also what is kept when storage is blocked (the pin then lasts for the page). */
const memory = new Map<string, PinnedSample | null>();

function notify(): void {
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith(PREFIX)) {
      memory.delete(e.key.slice(PREFIX.length));
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The pinned sample of `eventCode`, or null; what storage holds is checked again (it may be old or edited by hand). */
export function readPinnedSample(eventCode: string): PinnedSample | null {
  if (memory.has(eventCode)) return memory.get(eventCode) ?? null;
  let sample: PinnedSample | null = null;
  try {
    const text = localStorage.getItem(PREFIX + eventCode);
    if (text) {
      const checked = checkPinnedSample(JSON.parse(text));
      sample = checked.ok ? checked.sample : null;
    }
  } catch {
    sample = null; // unreadable or blocked storage: nothing pinned
  }
  memory.set(eventCode, sample);
  return sample;
}

/** Pins `sample` (already checked with checkPinnedSample) for `eventCode`. */
export function pinSample(eventCode: string, sample: PinnedSample): void {
  memory.set(eventCode, sample);
  try {
    localStorage.setItem(PREFIX + eventCode, JSON.stringify(sample));
  } catch {
    /* storage blocked or full: kept for this page */
  }
  notify();
}

export function clearPinnedSample(eventCode: string): void {
  memory.set(eventCode, null);
  try {
    localStorage.removeItem(PREFIX + eventCode);
  } catch {
    /* storage blocked */
  }
  notify();
}

/** The workflow's pinned sample, re-rendering when it is pinned, edited or cleared. */
export function usePinnedSample(eventCode: string | undefined): PinnedSample | null {
  return useSyncExternalStore(subscribe, () => (eventCode ? readPinnedSample(eventCode) : null));
}
