import { openTreeTransparency, TreeTransparency } from '@icjims/platform';
import { ACCESS_LOG_NAME } from '../access-log/access-log.store';

/** Injection token: the access log's signing key, checkpoint file and interval. */
export const ACCESS_TRANSPARENCY = Symbol('ACCESS_TRANSPARENCY');

export type AccessTransparency = TreeTransparency;

type Env = Record<string, string | undefined>;

/** Opens (creating on first use) the signing key and the checkpoint file of the access log. */
export function openAccessTransparency(env: Env): AccessTransparency {
  return openTreeTransparency(env, ACCESS_LOG_NAME);
}
