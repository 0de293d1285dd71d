import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { ConfigError } from '@icjims/platform';

/** Injection token: how long (seconds) anyone — a browser, a proxy, a CDN — may keep an open-data answer without asking again. */
export const OPEN_DATA_MAX_AGE = Symbol('OPEN_DATA_MAX_AGE');

export const OPEN_DATA_MAX_AGE_VARIABLE = 'ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS';
export const DEFAULT_OPEN_DATA_MAX_AGE = 300;
/** A day: figures a day old are as stale as a public interface should let them be. */
const MAX_OPEN_DATA_MAX_AGE = 86_400;

/** Reads ANALYTICS_OPEN_DATA_MAX_AGE_SECONDS (default 300); anything but an integer from 0 to 86400 is a ConfigError naming it. */
export function readOpenDataMaxAge(env: Record<string, string | undefined>): number {
  const raw = env[OPEN_DATA_MAX_AGE_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_OPEN_DATA_MAX_AGE;
  const value = Number(raw);
  if (!/^\d{1,5}$/.test(raw) || value > MAX_OPEN_DATA_MAX_AGE) {
    throw new ConfigError(`Invalid configuration: ${OPEN_DATA_MAX_AGE_VARIABLE} must be an integer from 0 to ${MAX_OPEN_DATA_MAX_AGE} (got "${raw.slice(0, 80)}")`);
  }
  return value;
}

/**
 * A strong entity tag of a representation: the SHA-256 of what describes it (Content-Type,
 * Content-Language) and its bytes, so that two answers share a tag exactly when they are byte
 * for byte the same, in the same format and language.
 */
export function strongEtag(metadata: readonly string[], body: string): string {
  const hash = createHash('sha256');
  for (const value of metadata) hash.update(value).update('\n');
  return `"${hash.update(body).digest('base64url')}"`;
}

/**
 * Marks an answer as cacheable by anyone for `maxAge` seconds, with its strong ETag. Express
 * then answers a GET whose If-None-Match names that tag (and that does not say `no-cache`)
 * with 304 and no body, as RFC 9110 §13.1.2 and §15.4.5 say.
 */
export function makeCacheable(response: Response, body: string, maxAge: number): void {
  response.setHeader('Cache-Control', `public, max-age=${maxAge}`);
  const metadata = ['Content-Type', 'Content-Language'].map((name) => String(response.getHeader(name) ?? ''));
  response.setHeader('ETag', strongEtag(metadata, body));
}
