// Page state lives in the URL hash (#/orders?from=...&to=...), so a view can be bookmarked, reopened
// and shared, and the browser's back button works.
import { useCallback, useEffect, useState } from 'react';

export function readHashParams(): URLSearchParams {
  const hash = window.location.hash;
  const i = hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}

export function useHashParams(page: string): [URLSearchParams, (update: Record<string, string | null>) => void] {
  const [params, setParams] = useState(readHashParams);
  useEffect(() => {
    const onHash = () => setParams(readHashParams());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = readHashParams();
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      const query = next.toString();
      window.history.replaceState(null, '', `#/${page}${query ? `?${query}` : ''}`);
      setParams(next);
    },
    [page],
  );
  return [params, update];
}
