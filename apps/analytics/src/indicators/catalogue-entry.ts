import { disclosureRuleOf } from '../disclosure/disclosure-rule';
import { titled } from '../i18n/texts';
import type { IndicatorDefinition } from './indicator-definition';

/** An indicator as the catalogue serves it: its definition, titled in the request's language, with the disclosure rule it is published under. */
export type CatalogueEntry = IndicatorDefinition & { disclosureRule: string };

export function catalogueEntry(indicator: IndicatorDefinition, language: string): CatalogueEntry {
  return { ...titled(indicator, language), disclosureRule: disclosureRuleOf(indicator) };
}
