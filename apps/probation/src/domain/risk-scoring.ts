import type { ProbationPack, RiskInstrument } from '@icjims/jurisdiction';
import { Refusal, refusal } from './refusal';

/** An answer code for each item code of an instrument. */
export type Answers = Readonly<Record<string, string>>;

export interface Scored {
  score: number;
  band: RiskInstrument['bands'][number];
}

/**
 * The instrument version an assessment on `date` (YYYY-MM-DD) may use: it exists and is valid from
 * that date on; older versions stay in the pack for the history of scores.
 */
export function instrumentFor(pack: ProbationPack, code: string, version: number, date: string): RiskInstrument | Refusal {
  const versions = pack.riskInstruments.filter((instrument) => instrument.code === code);
  if (versions.length === 0) return refusal('unknown-code', `${code} is not a risk instrument of the pack`, 'instrument');
  const instrument = versions.find((candidate) => candidate.version === version);
  if (!instrument) return refusal('unknown-code', `${code} has no version ${version} (versions ${versions.map((v) => v.version).join(', ')})`, 'instrumentVersion');
  if (instrument.validFrom > date) return refusal('invalid-command', `${code} version ${version} is valid from ${instrument.validFrom}, not on ${date}`, 'instrumentVersion');
  return instrument;
}

/** The total of the answers' points and the band it falls in; every item answered with one of its answers, and nothing else. */
export function score(instrument: RiskInstrument, answers: Answers): Scored | Refusal {
  const items = new Set(instrument.items.map((item) => item.code));
  const stray = Object.keys(answers).find((code) => !items.has(code));
  if (stray !== undefined) return refusal('invalid-answers', `${stray} is not an item of ${instrument.code} version ${instrument.version}`, `answers.${stray}`);
  let total = 0;
  for (const item of instrument.items) {
    const given = answers[item.code];
    if (given === undefined) return refusal('invalid-answers', `item ${item.code} is not answered`, `answers.${item.code}`);
    const answer = item.answers.find((candidate) => candidate.code === given);
    if (!answer) return refusal('invalid-answers', `${given} is not an answer of item ${item.code} (${item.answers.map((a) => a.code).join(', ')})`, `answers.${item.code}`);
    total += answer.points;
  }
  // Bands by minimum score, lowest first: the last whose minimum the total reaches.
  const band = [...instrument.bands].reverse().find((candidate) => total >= candidate.minScore) ?? instrument.bands[0];
  return { score: total, band };
}

export const isRefusal = (value: object): value is Refusal => 'code' in value && 'reason' in value && 'status' in value;
