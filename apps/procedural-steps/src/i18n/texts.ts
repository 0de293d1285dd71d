import type { PackList } from '../step-types/step-catalogue';
import en from './en.json';
import et from './et.json';
import kk from './kk.json';
import ky from './ky.json';
import ru from './ru.json';

export type TimelineText = keyof typeof en.timeline;

/** The service's texts in one language: one JSON file per language under i18n/, English (en.json) the source. */
export interface Texts {
  stepTypes: Record<string, { title: string; fields: Record<string, string> }>;
  fallbackNotes: Record<PackList, string>;
  problemTitles: Record<'conflict' | 'rule-violation', string>;
  timeline: Record<TimelineText, string>;
}

const TEXTS: Readonly<Record<string, Texts>> = { en, et, kk, ky, ru };

/** The languages the service has texts in. */
export const TEXT_LANGUAGES: readonly string[] = Object.keys(TEXTS);

/** The texts in `language`; English for a language the service has none in. */
export function textsIn(language: string): Texts {
  return Object.hasOwn(TEXTS, language) ? TEXTS[language] : TEXTS.en;
}

/** A step type's title in `language`, else in English, else its code. */
export function stepTitle(code: string, language: string): string {
  return textsIn(language).stepTypes[code]?.title ?? TEXTS.en.stepTypes[code]?.title ?? code;
}

/** A step field's description in `language`, else in English. */
export function fieldDescription(code: string, field: string, language: string, english: string): string {
  return textsIn(language).stepTypes[code]?.fields[field] ?? english;
}

/** Fills `{name}` placeholders of a text. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : placeholder));
}

/** A timeline text in `language`, filled. */
export function timelineText(language: string, key: TimelineText, values: Readonly<Record<string, string | number>> = {}): string {
  return fill(textsIn(language).timeline[key], values);
}
