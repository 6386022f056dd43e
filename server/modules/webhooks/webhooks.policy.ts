/**
 * Pure rules of outbound webhooks (ADR 0021): the Standard Webhooks signature, the retry budget and the SSRF rule
 * (a receiver must be a public address unless the deployment allows private ones).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, type ScopeSql } from '../../platform/scope.js';

/** Reading subscriptions: those of my organization subtree, or of my region subtree for cross-type roles (alias s). */
export const readScope = (actor: Actor): ScopeSql => orgScope(actor, 's.org_path', 's.region_path');

/** Writes only within the actor's own subtree, also for cross-type roles (alias s). */
export const writeScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`s.org_path <@ ${actor.scope.orgPath}::ltree`);

/** Attempts per delivery before it is marked failed and the subscription is turned off (back-off 10 s doubling, capped at an hour: about 6 hours). */
export const MAX_ATTEMPTS = 12;
/** How long a delivery whose subject has an earlier event still undelivered waits before looking again (the earlier one's success wakes it at once). */
export const WAIT_FOR_EARLIER_MS = 30_000;

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`, keyed with the secret's base64-decoded bytes (Standard Webhooks). */
export function sign(secret: string, msgId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${msgId}.${timestamp}.${body}`).digest('base64')}`;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is loopback, private, link-local, shared, documentation, multicast or reserved (IPv4-mapped IPv6 judged as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const kind = isIP(bare);
  if (kind === 4) return blocked.check(bare, 'ipv4');
  if (kind !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (hexMapped) {
    const n = (parseInt(hexMapped[1]!, 16) << 16) | parseInt(hexMapped[2]!, 16);
    return blocked.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
  }
  return blocked.check(bare, 'ipv6');
}

export type TargetProblem = 'url' | 'scheme' | 'credentials' | 'private_address';

/** The shape of a receiver URL: http(s), no user info, no fragment; https only in production. Returns the problem or the parsed URL. */
export function parseTarget(raw: string, production: boolean): URL | TargetProblem {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'url';
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && !production)) return 'scheme';
  if (u.username || u.password) return 'credentials';
  if (!u.hostname) return 'url';
  return u;
}

/** The host of a URL as an IP literal (brackets removed), or null for a name. */
export const ipLiteral = (u: URL): string | null => {
  const h = u.hostname.replace(/^\[|\]$/g, '');
  return isIP(h) ? h : null;
};

/** Names that always mean this machine or its network, refused without a lookup. */
export const localName = (host: string): boolean => /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(host.replace(/\.$/, ''));
