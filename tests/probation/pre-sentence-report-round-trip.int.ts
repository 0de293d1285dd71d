import { localDate } from '@icjims/jurisdiction';
import { eventually, http, RunningServices, startServices } from '@icjims/testing';
import { addPerson, announceCase, at, recordStep } from '../../apps/procedural-steps/src/procedural-steps.fixtures';
import { proceduralStepsService } from '../../apps/procedural-steps/src/procedural-steps.service';
import { probationService } from '../../apps/probation/src/probation.service';

const DAY = 24 * 60 * 60 * 1000;
const OFFICE = 'PR-KG-GB-LENINSKY';

/**
 * A pre-sentence report from the request to the requesting case's journal, both services on one
 * bus and one database: the prosecutor records the request in procedural-steps, probation opens
 * the report from its event, an office assigns, drafts and submits it over HTTP, and
 * procedural-steps records `pre_sentence_report_received` from probation's event.
 */
describe('a pre-sentence report, from the request step to the requesting case’s journal', () => {
  let services: RunningServices;

  beforeAll(async () => {
    process.env.DEADLINE_SCAN_INTERVAL_SECONDS = '3600';
    try {
      services = await startServices([proceduralStepsService, probationService]);
    } finally {
      delete process.env.DEADLINE_SCAN_INTERVAL_SECONDS;
    }
  });
  afterAll(() => services?.stop());

  it('goes to probation as a report and comes back as a step of the case, once', async () => {
    const steps = `${services.urls['procedural-steps']}/api/v1`;
    const reports = `${services.urls.probation}/api/v1/pre-sentence-reports`;
    const prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
    const supervisor = await services.tokenFor('probation_supervisor', { region: 'KG-GB', office: OFFICE, sub: 'supervisor-1' });
    const officer = await services.tokenFor('probation_officer', { region: 'KG-GB', office: OFFICE, sub: 'officer-1' });

    const caseId = await announceCase(services.bus);
    const accused = await addPerson(services.bus, caseId, 'suspect');
    for (const body of [
      { stepType: 'investigation_started', occurredAt: at(3) },
      { stepType: 'suspicion_notified', occurredAt: at(4), personId: accused, details: { offenceArticle: '209-1' } },
      { stepType: 'indictment', occurredAt: at(10) },
    ]) {
      await eventually(async () => ((await http('POST', `${steps}/cases/${caseId}/steps`, { token: prosecutor, body })).status === 201 ? true : undefined), 10_000, body.stepType);
    }
    const dueOn = localDate(new Date(Date.now() + 20 * DAY), 'Asia/Bishkek');
    const request = await recordStep({ base: steps, token: prosecutor }, caseId, {
      stepType: 'pre_sentence_report_requested',
      occurredAt: at(11),
      personId: accused,
      details: { dueOn, requestedBy: 'court' },
    });

    const [report] = await eventually(async () => {
      const listed = await http<{ id: string; sourceStepId: string; personId: string; dueOn: string }[]>('GET', `${reports}?caseId=${caseId}`, { token: supervisor });
      return listed.body.length ? listed.body : undefined;
    }, 10_000, 'the report in probation');
    expect(report).toMatchObject({ sourceStepId: request.id, personId: accused, dueOn });

    expect((await http('POST', `${reports}/${report.id}/assignment`, { token: supervisor, body: { office: OFFICE, officerId: 'officer-1' } })).status).toBe(201);
    for (const section of ['personal_circumstances', 'risk_and_needs', 'recommendation']) {
      expect((await http('PUT', `${reports}/${report.id}/sections/${section}`, { token: officer, body: { text: `The ${section}.` } })).status).toBe(200);
    }
    expect((await http('POST', `${reports}/${report.id}/submission`, { token: officer, body: { recommendation: 'community_supervision_suitable' } })).status).toBe(201);

    const received = await eventually(async () => {
      const journal = await http<{ stepType: string; personId?: string; details: Record<string, unknown> }[]>('GET', `${steps}/cases/${caseId}/steps`, { token: prosecutor });
      return journal.body.find((step) => step.stepType === 'pre_sentence_report_received');
    }, 10_000, 'pre_sentence_report_received in the journal');
    expect(received).toMatchObject({
      personId: accused,
      details: { requestStepId: request.id, reportId: report.id, recommendation: 'community_supervision_suitable' },
    });
    expect(JSON.stringify(received)).not.toContain('The risk_and_needs.');
  });
});
