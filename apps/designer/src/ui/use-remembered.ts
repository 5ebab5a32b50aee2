import { useCallback, useState } from 'react';

const PREFIX = 'signalbox.ui.';

function read(key: string, fallback: boolean): boolean {
  try {
    const v = localStorage.getItem(PREFIX + key);
    return v === null ? fallback : v === 'true';
  } catch {
    return fallback; // storage blocked: the choice lasts for the page only
  }
}

/** A yes/no layout choice (a collapsed menu, a hidden palette) kept across visits in this browser. */
export function useRemembered(key: string, fallback: boolean): [boolean, (v: boolean) => void] {
  const [value, setValue] = useState(() => read(key, fallback));
  const set = useCallback(
    (v: boolean) => {
      setValue(v);
      try {
        localStorage.setItem(PREFIX + key, String(v));
      } catch {
        /* storage blocked: keep it in memory */
      }
    },
    [key],
  );
  return [value, set];
}
