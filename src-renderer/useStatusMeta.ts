import { useEffect, useState } from 'react';
import type { StatusMeta } from '../src-main/contract/channels.ts';
import { api } from './api.ts';

let cache: Promise<StatusMeta> | undefined;

/** The status vocabulary (normalized + each gateway's own codes with the seeds' names), loaded once. */
export function useStatusMeta(): StatusMeta | undefined {
  const [meta, setMeta] = useState<StatusMeta>();
  useEffect(() => {
    cache ??= api.metaStatuses({});
    let live = true;
    cache.then((m) => live && setMeta(m)).catch(() => (cache = undefined));
    return () => {
      live = false;
    };
  }, []);
  return meta;
}
