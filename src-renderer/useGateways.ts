import { useEffect, useState } from 'react';
import type { GatewayDescription } from '../src-main/contract/channels.ts';
import { api } from './api.ts';

let cache: Promise<GatewayDescription[]> | undefined;

/** The registered gateways (names, labels, status tables, profile fields), loaded once per window. */
export function useGateways(): GatewayDescription[] | undefined {
  const [gateways, setGateways] = useState<GatewayDescription[]>();
  useEffect(() => {
    cache ??= api.gatewaysDescribe({}).then((r) => r.gateways);
    let live = true;
    cache.then((g) => live && setGateways(g)).catch(() => (cache = undefined));
    return () => {
      live = false;
    };
  }, []);
  return gateways;
}

/** A gateway's display name in the page's language; its stored name until the list has loaded. */
export function gatewayLabel(gateways: GatewayDescription[] | undefined, name: string, lang: 'zh' | 'en' | string): string {
  const g = gateways?.find((x) => x.name === name);
  if (!g) return name;
  return lang === 'en' ? g.label.en : g.label.zh;
}

/** The gateway's full product name in the page's language. */
export function gatewayTitle(gateways: GatewayDescription[] | undefined, name: string, lang: 'zh' | 'en' | string): string {
  const g = gateways?.find((x) => x.name === name);
  if (!g) return name;
  return lang === 'en' ? g.title.en : g.title.zh;
}

type ProfileFieldName = GatewayDescription['profileFields'][number]['field'];

/** The example shown in an empty profile field. */
export function fieldPlaceholder(gateways: GatewayDescription[] | undefined, name: string, field: ProfileFieldName): string | undefined {
  return gateways?.find((x) => x.name === name)?.profileFields.find((f) => f.field === field)?.placeholder;
}

/** Whether the gateway's profile form has this field (a HashIV, a query URL, a fee schedule). */
export function hasProfileField(gateways: GatewayDescription[] | undefined, name: string, field: ProfileFieldName): boolean {
  return gateways?.find((x) => x.name === name)?.profileFields.some((f) => f.field === field) ?? false;
}

/** "12 訂單取消": a status code with the gateway's own name for it in the page's language (null until loaded). */
export function statusName(gateways: GatewayDescription[] | undefined, name: string, code: string, lang: 'zh' | 'en' | string): string | null {
  const s = gateways?.find((x) => x.name === name)?.statuses.find((x) => x.code === code);
  return s ? `${code} ${lang === 'en' ? s.en : s.zh}` : null;
}
