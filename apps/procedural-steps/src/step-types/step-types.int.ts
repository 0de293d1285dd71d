import { BUILT_IN_PACKS, jurisdictionOf, JurisdictionPack, loadJurisdiction } from '@icjims/jurisdiction';
import { http, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { TERMINATION_GROUNDS } from './step-catalogue';

interface Field {
  name: string;
  description: string;
  values?: string[];
  valuesFrom?: string;
  valueLabels?: Record<string, string>;
}
const fieldOf = (types: { code: string; fields: Field[] }[], code: string, name: string): Field => types.find((type) => type.code === code)!.fields.find((field) => field.name === name)!;

/** The measures and grounds a step takes are the jurisdiction pack's, labelled in the request's language. */
describe('step types under the jurisdiction pack', () => {
  const kg = loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' });

  describe('under KG', () => {
    let services: RunningServices;
    let base: string;
    let prosecutor: string;

    beforeAll(async () => {
      services = await startProceduralSteps({ jurisdiction: kg });
      base = `${services.urls['procedural-steps']}/api/v1`;
      prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    });
    afterAll(() => services.stop());

    it('lists the pack’s measures with their labels in the request language', async () => {
      const response = await http<{ code: string; fields: Field[] }[]>('GET', `${base}/step-types`, { token: prosecutor, headers: { 'Accept-Language': 'ru-KG, en;q=0.5' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-language')).toBe('ru');
      const measure = fieldOf(response.body, 'preventive_measure_applied', 'measure');
      expect(measure).toMatchObject({ valuesFrom: 'preventiveMeasures', values: kg.pack.preventiveMeasures.map((term) => term.code) });
      expect(measure.valueLabels?.custody).toBe('Заключение под стражу');
      const ground = fieldOf(response.body, 'proceedings_terminated', 'ground');
      expect(ground.values).toEqual(kg.pack.terminationGrounds.map((term) => term.code));
      expect(ground.valueLabels?.[ground.values![0]]).toBe(kg.pack.terminationGrounds[0].labels.ru);
    });

    it('lists the pack’s probation obligations and report requesters, as codes with labels', async () => {
      const response = await http<{ code: string; fields: (Field & { type: string; maxItems?: number; notPast?: boolean })[] }[]>('GET', `${base}/step-types`, {
        token: prosecutor,
        headers: { 'Accept-Language': 'ru' },
      });
      const obligations = kg.pack.probation.obligations;
      for (const code of ['sentence', 'conditional_early_release']) {
        expect(fieldOf(response.body, code, 'obligations')).toMatchObject({ type: 'codes', maxItems: 20, valuesFrom: 'probationObligations', values: obligations.map((term) => term.code) });
      }
      expect(fieldOf(response.body, 'sentence', 'obligations').valueLabels?.[obligations[0].code]).toBe(obligations[0].labels.ru);
      expect(fieldOf(response.body, 'pre_sentence_report_requested', 'requestedBy')).toMatchObject({ values: kg.pack.probation.reportRequesters.map((term) => term.code) });
      expect(fieldOf(response.body, 'pre_sentence_report_requested', 'dueOn')).toMatchObject({ type: 'date', notPast: true });
    });

    it('refuses a measure the pack does not list, naming the field', async () => {
      const caseId = await announceCase(services.bus, { region: 'KG-GB' });
      const suspect = await addPerson(services.bus, caseId);
      await recordStep({ base, token: prosecutor }, caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
      await recordStep({ base, token: prosecutor }, caseId, { stepType: 'suspicion_notified', occurredAt: '2026-11-03T09:00:00Z', personId: suspect, details: { offenceArticle: '209-1' } });
      const unlisted = ['restraining_order', 'suspension_from_office', 'personal_guarantee'].find((code) => !kg.pack.preventiveMeasures.some((term) => term.code === code))!;
      const refused = await http('POST', `${base}/cases/${caseId}/steps`, {
        token: prosecutor,
        body: { stepType: 'preventive_measure_applied', occurredAt: '2026-11-04T09:00:00Z', personId: suspect, details: { measure: unlisted } },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errors: [{ field: 'details.measure', reason: expect.stringContaining('must be one of: ') }] });
      await recordStep({ base, token: prosecutor }, caseId, {
        stepType: 'preventive_measure_applied', occurredAt: '2026-11-04T09:00:00Z', personId: suspect, details: { measure: 'transfer_of_child_into_care' },
      });
    });
  });

  it('keeps the journal’s own grounds where the pack lists none, and says so', async () => {
    const noGrounds = jurisdictionOf({ ...structuredClone(BUILT_IN_PACKS.KG as JurisdictionPack), terminationGrounds: [] }, 'KG without grounds');
    const services = await startProceduralSteps({ jurisdiction: noGrounds });
    try {
      const response = await http<{ code: string; fields: Field[] }[]>('GET', `${services.urls['procedural-steps']}/api/v1/step-types`, {
        token: await services.tokenFor('analyst'),
        headers: { 'Accept-Language': 'en' },
      });
      const ground = fieldOf(response.body, 'proceedings_terminated', 'ground');
      expect(ground.values).toEqual(TERMINATION_GROUNDS);
      expect(ground.valueLabels).toBeUndefined();
      expect(ground.description).toContain('The jurisdiction pack lists no termination grounds yet: these are the journal’s own codes.');
    } finally {
      await services.stop();
    }
  });

  it('refuses to start under a pack whose measures lack custody, which the detention rules rely on', async () => {
    const pack = structuredClone(BUILT_IN_PACKS.KG as JurisdictionPack);
    pack.preventiveMeasures = pack.preventiveMeasures.filter((term) => term.code !== 'custody');
    pack.deadlineRules = pack.deadlineRules.filter((rule) => rule.code === 'house_arrest_term');
    await expect(startProceduralSteps({ jurisdiction: jurisdictionOf(pack, 'KG without custody') })).rejects.toThrow(
      /procedural-steps cannot run under the pack KG:\n {2}- preventiveMeasures: the journal's rules rely on the code custody/,
    );
  });
});
