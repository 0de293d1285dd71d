import en from './en.json';
import et from './et.json';
import kk from './kk.json';
import ky from './ky.json';
import ru from './ru.json';

/**
 * The labels analytics gives its tables and the titles of its indicators, in each language: one
 * JSON file per language under i18n/, English (en.json) the source. The country's own categories (regions, agencies,
 * offences, groups, rules, grounds, measures) are labelled by the jurisdiction pack instead.
 */
export interface AnalyticsTexts {
  table: Record<keyof typeof en.table, string>;
  breakdowns: Record<string, string>;
  sexes: Record<keyof typeof en.sexes, string>;
  /** `{age}`, `{from}`, `{to}`: the band's bounds in years. */
  ageBands: Record<keyof typeof en.ageBands, string>;
  caseAges: Record<keyof typeof en.caseAges, string>;
  outcomes: Record<keyof typeof en.outcomes, string>;
  /** How a probation case ended (PROBATION_ENDS). */
  probationEnds: Record<keyof typeof en.probationEnds, string>;
  /** Each indicator's title by code (en.json: the catalogue's own). Definitions and formulas stay in English. */
  indicators: Record<string, string>;
}

const TEXTS: Readonly<Record<string, AnalyticsTexts>> = { en, et, kk, ky, ru };

export const TEXT_LANGUAGES: readonly string[] = Object.keys(TEXTS);

/** The texts in `language`; English for a language analytics has none in. */
export function textsIn(language: string): AnalyticsTexts {
  return Object.hasOwn(TEXTS, language) ? TEXTS[language] : TEXTS.en;
}

/** A breakdown's label in `language`, else in English, else its code. */
export function breakdownLabel(breakdown: string, language: string): string {
  return textsIn(language).breakdowns[breakdown] ?? TEXTS.en.breakdowns[breakdown] ?? breakdown;
}

/** An indicator (or a table's account of one) with its title in `language`. */
export function titled<T extends { code: string; title: string }>(indicator: T, language: string): T {
  const title = textsIn(language).indicators[indicator.code];
  return title === undefined ? indicator : { ...indicator, title };
}

/** An age band's label (`under_14`, `14_17`, `65_plus`) in `language`. */
export function ageBandLabel(band: string, language: string): string {
  const { ageBands, table } = textsIn(language);
  const [under, between, over] = [/^under_(\d+)$/.exec(band), /^(\d+)_(\d+)$/.exec(band), /^(\d+)_plus$/.exec(band)];
  if (under) return ageBands.under.replace('{age}', under[1]);
  if (between) return ageBands.between.replace('{from}', between[1]).replace('{to}', between[2]);
  if (over) return ageBands.over.replace('{age}', over[1]);
  return band === 'unknown' ? table.unknown : band;
}
