import DEFAULT_PURPOSES from './access-purposes.json';

/** The request header in which a caller states why it consults personal data. */
export const PURPOSE_HEADER = 'X-Purpose';

/** One reason a caller may give for consulting personal data. */
export interface AccessPurpose {
  code: string;
  description: string;
}

/** What a purpose code looks like (ACCESS_PURPOSES is checked against it at start). */
export const PURPOSE_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** The list that applies unless ACCESS_PURPOSES names another; descriptions live in access-purposes.json. */
export const DEFAULT_ACCESS_PURPOSES: readonly AccessPurpose[] = DEFAULT_PURPOSES;

/** The purposes for the given codes, described from the default list (a code it does not know describes itself). */
export function accessPurposesFor(codes: readonly string[]): AccessPurpose[] {
  return codes.map((code) => DEFAULT_ACCESS_PURPOSES.find((purpose) => purpose.code === code) ?? { code, description: code });
}

/** The configured purposes of one service, as the request pipeline checks them. */
export class AccessPurposeList {
  private readonly codes: ReadonlySet<string>;

  constructor(readonly purposes: readonly AccessPurpose[]) {
    this.codes = new Set(purposes.map((purpose) => purpose.code));
  }

  includes(code: unknown): code is string {
    return typeof code === 'string' && this.codes.has(code);
  }
}
