import type { Citation, DeadlineRule as PackDeadlineRule, JurisdictionPack } from '@icjims/jurisdiction';
import type { DeadlineRule } from './deadline-rules';

/** The longest legal reference a rule (and a breach event) carries. */
export const LEGAL_REFERENCE_MAX_LENGTH = 256;

/**
 * A source's short name from its pack id: the country prefix and a year dropped, an
 * abbreviation upper-cased ("kg-ccp-2021" → "CCP"), a word capitalised ("ee-constitution" →
 * "Constitution").
 */
export function sourceShortName(sourceId: string, packCode: string): string {
  const parts = sourceId.split('-');
  if (parts.length > 1 && parts[0] === packCode.toLowerCase()) parts.shift();
  if (parts.length > 1 && /^\d{4}$/.test(parts[parts.length - 1])) parts.pop();
  const name = parts.join(' ');
  return name.length <= 4 ? name.toUpperCase() : name.charAt(0).toUpperCase() + name.slice(1);
}

/** "CCP art. 96 part 1 — note; Constitution art. 21 part 2", cut with an ellipsis at the length a rule holds. */
export function legalReferenceOf(cites: readonly Citation[], packCode: string): string {
  const text = cites
    .map(({ source, article, part, note }) => `${sourceShortName(source, packCode)} art. ${article}${part ? ` part ${part}` : ''}${note ? ` — ${note}` : ''}`)
    .join('; ');
  return text.length <= LEGAL_REFERENCE_MAX_LENGTH ? text : `${text.slice(0, LEGAL_REFERENCE_MAX_LENGTH - 1)}…`;
}

/** A pack's rule as the rules table holds it: the English label as its title, the citations as its legal reference, the labels kept. */
export function ruleOfPack(rule: PackDeadlineRule, pack: Pick<JurisdictionPack, 'code'>): DeadlineRule {
  return {
    code: rule.code,
    title: rule.labels.en,
    labels: { ...rule.labels },
    legalReference: legalReferenceOf(rule.cites, pack.code),
    scope: rule.scope,
    startsWith: rule.startsWith.map((match) => ({ ...match })),
    term: { ...rule.term },
    extendedBy: rule.extendedBy.map((match) => ({ ...match })),
    stoppedBy: rule.stoppedBy.map((match) => ({ ...match })),
    warnBefore: { ...rule.warnBefore },
  };
}

/** Every deadline rule of a pack, as the rules table holds them. */
export function rulesOfPack(pack: Pick<JurisdictionPack, 'code' | 'deadlineRules'>): DeadlineRule[] {
  return pack.deadlineRules.map((rule) => ruleOfPack(rule, pack));
}
