import { randomUUID } from 'node:crypto';
import { AccessRecorded, AccessRecordedV1 } from '@icjims/contracts';
import { http, HttpResult, RunningServices, testSigningKey } from '@icjims/testing';
import { addPerson, announceCase, FIXTURE_JURISDICTION, OFFICE_INVESTIGATION_TERM, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import type { DeadlineRule } from './deadline-rules';
import { DeadlineRuleRecordDto } from './dto/deadline-rule.dto';
import { DeadlinePageDto } from './dto/deadline.dto';
import { packSeed } from './adopt-deadline-rules';
import { rulesOfPack } from './pack-deadline-rules';

/**
 * PUT /api/v1/deadline-rules/{code}: who may change a rule, what a rule must look like, and
 * that a refused change writes nothing — neither the rule, nor the clocks it would recompute,
 * nor any event but the access event that records the refusal.
 */
describe('changing deadline rules over HTTP', () => {
  let services: RunningServices;
  let base: string;
  let admin: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    admin = await services.tokenFor('admin', { sub: 'national-admin' });
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const PACK_RULES = rulesOfPack(FIXTURE_JURISDICTION.pack);
  const sampleRule = (code: string): DeadlineRule => structuredClone(PACK_RULES.find((candidate) => candidate.code === code)!);
  const detentionRule = sampleRule('detention_court_decision');

  /** From when the changes below apply: before the steps they are tested on (which occurred before today). */
  const NOVEMBER = '2026-11-01T00:00:00Z';
  const putRule = (code: string, options: { body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string>; appliesFrom?: string }) =>
    http('PUT', `${base}/deadline-rules/${encodeURIComponent(code)}${options.appliesFrom ? `?appliesFrom=${encodeURIComponent(options.appliesFrom)}` : ''}`, {
      token: options.token,
      body: options.body,
      rawBody: options.rawBody,
      headers: options.headers,
    });
  const record = (caseId: string, body: object) => recordStep({ base, token: prosecutor }, caseId, body);

  /** A suspect detained at `detainedAt` in a case whose investigation started on 3 November. */
  async function detainedSuspect(detainedAt = '2026-11-04T10:00:00Z'): Promise<{ caseId: string; suspect: string; detentionStepId: string }> {
    const caseId = await announceCase(services.bus);
    const suspect = await addPerson(services.bus, caseId);
    await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
    const detention = await record(caseId, { stepType: 'detention', occurredAt: detainedAt, personId: suspect });
    return { caseId, suspect, detentionStepId: detention.id };
  }
  const dueAtOf = async (startStepId: string, rule: string) =>
    (await services.db.query(`SELECT due_at FROM procedural_steps.deadlines WHERE start_step_id = $1 AND rule_code = $2`, [startStepId, rule])).rows.map((row) =>
      row.due_at.toISOString(),
    );

  /** Everything a rule change could write: the rules, the clocks it recomputes, and the outbox but for access events. */
  async function writtenState(): Promise<unknown> {
    const query = async (sql: string) => (await services.db.query(sql)).rows;
    return {
      rules: await query(`SELECT code, rule::text AS rule, updated_at, updated_by FROM procedural_steps.deadline_rules ORDER BY code`),
      versions: await query(`SELECT code, version FROM procedural_steps.deadline_rule_versions ORDER BY code, version`),
      deadlines: await query(`SELECT * FROM procedural_steps.deadlines ORDER BY id`),
      outbox: await query(`SELECT position, event_type, message_key FROM procedural_steps.outbox WHERE event_type <> '${AccessRecorded['procedural-steps'].type}' ORDER BY position`),
    };
  }
  async function accessEventOf(correlationId: string): Promise<AccessRecordedV1> {
    const { rows } = await services.db.query(
      `SELECT value FROM procedural_steps.outbox WHERE event_type = $1 AND value::jsonb ->> 'correlationid' = $2`,
      [AccessRecorded['procedural-steps'].type, correlationId],
    );
    expect(rows).toHaveLength(1);
    return JSON.parse(rows[0].value).data;
  }

  /** Sends a change that must be refused and checks the answer, and that nothing but its access event was written. */
  async function expectRefused(
    send: (headers: Record<string, string>) => Promise<HttpResult>,
    status: number,
    field?: string,
  ): Promise<HttpResult> {
    const before = await writtenState();
    const correlationId = randomUUID();
    const response = await send({ 'x-correlation-id': correlationId });
    expect(response.status).toBe(status);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/^urn:icjims:problem:/), status, detail: expect.any(String) });
    if (field !== undefined) expect((response.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
    expect(await writtenState()).toEqual(before);
    expect(await accessEventOf(correlationId)).toMatchObject({ outcome: status === 401 || status === 403 ? 'denied' : 'rejected', status, method: 'PUT' });
    return response;
  }

  beforeAll(async () => {
    // A running clock of the rule under change, which a change that slipped through would recompute.
    await detainedSuspect();
  });

  it('lists the rules in force to anyone signed in', async () => {
    const analyst = await services.tokenFor('analyst');
    const response = await http<DeadlineRuleRecordDto[]>('GET', `${base}/deadline-rules`, { token: analyst });
    expect(response.status).toBe(200);
    expect(response.body.map((stored) => stored.rule.code)).toEqual(PACK_RULES.map((rule) => rule.code).sort());
    expect(response.body.find((stored) => stored.rule.code === 'detention_court_decision')).toEqual({ rule: detentionRule, updatedAt: expect.any(String), updatedBy: packSeed(FIXTURE_JURISDICTION) });
  });

  describe('a change that is accepted', () => {
    it('replaces the rule, says who changed it, and recomputes the clocks that still run and started since it applies', async () => {
      const { detentionStepId } = await detainedSuspect('2026-11-04T10:00:00Z');
      const changed = { ...detentionRule, term: { amount: 24, unit: 'hours' } };
      try {
        const response = await putRule(detentionRule.code, { body: changed, token: admin, appliesFrom: NOVEMBER });
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ rule: changed, updatedAt: expect.any(String), updatedBy: 'national-admin' });
        expect(await dueAtOf(detentionStepId, detentionRule.code)).toEqual(['2026-11-05T10:00:00.000Z']);
      } finally {
        await putRule(detentionRule.code, { body: detentionRule, token: admin, appliesFrom: NOVEMBER });
      }
      expect(await dueAtOf(detentionStepId, detentionRule.code)).toEqual(['2026-11-06T10:00:00.000Z']);
    });

    it('sets the deadlines of steps recorded after the change', async () => {
      const investigationRule = structuredClone(OFFICE_INVESTIGATION_TERM);
      try {
        expect((await putRule(investigationRule.code, { body: { ...investigationRule, term: { amount: 6, unit: 'months' } }, token: admin, appliesFrom: NOVEMBER })).status).toBe(200);
        const caseId = await announceCase(services.bus);
        const started = await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
        expect(await dueAtOf(started.id, investigationRule.code)).toEqual(['2027-05-03T08:00:00.000Z']);
      } finally {
        await putRule(investigationRule.code, { body: investigationRule, token: admin, appliesFrom: NOVEMBER });
      }
    });

    it('creates a rule under a new code, whose clocks start with the steps recorded afterwards', async () => {
      const newRule: DeadlineRule = {
        code: 'suspect_questioning',
        title: 'Notified suspect: questioning within 10 days',
        legalReference: 'office instruction 7/2026',
        scope: 'person',
        startsWith: [{ stepType: 'suspicion_notified' }],
        term: { amount: 10, unit: 'days' },
        extendedBy: [],
        stoppedBy: [{ stepType: 'indictment' }, { stepType: 'proceedings_terminated' }],
        warnBefore: { amount: 2, unit: 'days' },
      };
      const created = await putRule(newRule.code, { body: newRule, token: admin, appliesFrom: NOVEMBER });
      expect(created.status).toBe(200);
      const listedRules = await http<DeadlineRuleRecordDto[]>('GET', `${base}/deadline-rules`, { token: admin });
      expect(listedRules.body.map((stored) => stored.rule.code)).toContain(newRule.code);

      const caseId = await announceCase(services.bus);
      const suspect = await addPerson(services.bus, caseId);
      await record(caseId, { stepType: 'investigation_started', occurredAt: '2026-11-03T08:00:00Z' });
      await record(caseId, { stepType: 'suspicion_notified', occurredAt: '2026-11-05T08:00:00Z', personId: suspect, details: { offenceArticle: '209-1' } });
      const listed = await http<DeadlinePageDto>('GET', `${base}/deadlines?limit=100`, { token: prosecutor });
      expect(listed.body.items.filter((item) => item.caseId === caseId && item.rule === newRule.code)).toEqual([
        expect.objectContaining({ personId: suspect, title: newRule.title, legalReference: newRule.legalReference, dueAt: '2026-11-15T08:00:00.000Z' }),
      ]);
    });

    it('answers a repeated identical change with the same rule', async () => {
      const first = await putRule(detentionRule.code, { body: detentionRule, token: admin });
      const again = await putRule(detentionRule.code, { body: detentionRule, token: admin });
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body.rule).toEqual(first.body.rule);
    });
  });

  describe('a change that is refused writes nothing', () => {
    const without = (field: keyof DeadlineRule) => {
      const rule: Record<string, unknown> = { ...detentionRule };
      delete rule[field];
      return rule;
    };
    const withStoppedBy = (index: number, match: unknown) => ({ ...detentionRule, stoppedBy: detentionRule.stoppedBy.map((existing, i) => (i === index ? match : existing)) });

    it.each<[string, unknown, string]>([
      // each required field missing
      ...(['code', 'title', 'legalReference', 'scope', 'startsWith', 'term', 'extendedBy', 'stoppedBy', 'warnBefore'] as const).map(
        (field): [string, unknown, string] => [`a rule without ${field}`, without(field), field],
      ),
      ['a rule without the unit of warnBefore', { ...detentionRule, warnBefore: { amount: 12 } }, 'warnBefore.unit'],
      ['a start without its step type', { ...detentionRule, startsWith: [{ where: { measure: 'custody' } }] }, 'startsWith[0].stepType'],
      ['an extension without its untilField', { ...detentionRule, extendedBy: [{ stepType: 'preventive_measure_extended' }] }, 'extendedBy[0].untilField'],
      // wrong types
      ['a code that is a number', { ...detentionRule, code: 42 }, 'code'],
      ['a title that is a number', { ...detentionRule, title: 48 }, 'title'],
      ['a legal reference that is a list', { ...detentionRule, legalReference: ['§ 217'] }, 'legalReference'],
      ['a scope that is a boolean', { ...detentionRule, scope: true }, 'scope'],
      ['startsWith that is one match, not a list', { ...detentionRule, startsWith: { stepType: 'detention' } }, 'startsWith'],
      ['a start that is a string', { ...detentionRule, startsWith: ['detention'] }, 'startsWith[0]'],
      ['a term that is a string', { ...detentionRule, term: '48 hours' }, 'term'],
      ['a term amount that is a string', { ...detentionRule, term: { amount: '48', unit: 'hours' } }, 'term.amount'],
      ['a fractional term amount', { ...detentionRule, term: { amount: 1.5, unit: 'days' } }, 'term.amount'],
      ['a negative term', { ...detentionRule, term: { amount: -1, unit: 'hours' } }, 'term.amount'],
      ['a zero term', { ...detentionRule, term: { amount: 0, unit: 'hours' } }, 'term.amount'],
      ['a warnBefore amount that is null', { ...detentionRule, warnBefore: { amount: null, unit: 'hours' } }, 'warnBefore.amount'],
      ['extendedBy that is a string', { ...detentionRule, extendedBy: 'none' }, 'extendedBy'],
      ['stoppedBy that is null', { ...detentionRule, stoppedBy: null }, 'stoppedBy'],
      ['a where that is not an object', withStoppedBy(1, { stepType: 'preventive_measure_applied', where: 'custody' }), 'stoppedBy[1].where'],
      ['a where value of the wrong type', withStoppedBy(1, { stepType: 'preventive_measure_applied', where: { measure: 7 } }), 'stoppedBy[1].where.measure'],
      ['a body that is a list of rules', [detentionRule], 'rule'],
      // too long, too short, too many
      ['an empty title', { ...detentionRule, title: '' }, 'title'],
      ['a blank legal reference', { ...detentionRule, legalReference: '   ' }, 'legalReference'],
      ['a title over 200 characters', { ...detentionRule, title: 'x'.repeat(201) }, 'title'],
      ['a legal reference over 256 characters', { ...detentionRule, legalReference: '§'.repeat(257) }, 'legalReference'],
      ['a term over 1000 units', { ...detentionRule, term: { amount: 1001, unit: 'hours' } }, 'term.amount'],
      ['a rule with no start at all', { ...detentionRule, startsWith: [] }, 'startsWith'],
      ['more than 20 stopping steps', { ...detentionRule, stoppedBy: Array.from({ length: 21 }, () => ({ stepType: 'release_from_detention' })) }, 'stoppedBy'],
      // unknown enum values and references
      ['an unknown scope', { ...detentionRule, scope: 'region' }, 'scope'],
      ['an unknown term unit', { ...detentionRule, term: { amount: 2, unit: 'weeks' } }, 'term.unit'],
      ['an unknown warnBefore unit', { ...detentionRule, warnBefore: { amount: 30, unit: 'minutes' } }, 'warnBefore.unit'],
      ['an unknown step type', { ...detentionRule, startsWith: [{ stepType: 'pardon' }] }, 'startsWith[0].stepType'],
      ['a correction as the start', { ...detentionRule, startsWith: [{ stepType: 'correction' }] }, 'startsWith[0].stepType'],
      ['an unknown measure in a where', withStoppedBy(1, { stepType: 'preventive_measure_applied', where: { measure: 'exile' } }), 'stoppedBy[1].where.measure'],
      ['a where on a field the step type lacks', withStoppedBy(0, { stepType: 'release_from_detention', where: { court: 'Bishkek' } }), 'stoppedBy[0].where.court'],
      ['a case-level start for a person deadline', { ...detentionRule, startsWith: [{ stepType: 'indictment' }] }, 'startsWith[0].stepType'],
      ['an extension whose untilField is not a datetime', { ...detentionRule, extendedBy: [{ stepType: 'preventive_measure_extended', untilField: 'measure' }] }, 'extendedBy[0].untilField'],
      ['a term field the start does not have', { ...detentionRule, term: { field: 'until' } }, 'term.field'],
      // the code
      ['a code that differs from the path', { ...detentionRule, code: 'custody_term' }, 'code'],
      // extra fields, at every level
      ['an unknown field in the rule', { ...detentionRule, colour: 'red' }, 'colour'],
      ['an unknown field in the term', { ...detentionRule, term: { amount: 48, unit: 'hours', calendar: 'working-days' } }, 'term.calendar'],
      ['an unknown field in a start', { ...detentionRule, startsWith: [{ stepType: 'detention', note: 'x' }] }, 'startsWith[0].note'],
      ['an unknown field in warnBefore', { ...detentionRule, warnBefore: { amount: 12, unit: 'hours', silent: true } }, 'warnBefore.silent'],
    ])('refuses %s with 400 naming the field', async (_label, body, field) => {
      await expectRefused((headers) => putRule(detentionRule.code, { body, token: admin, headers }), 400, field);
    });

    it.each([
      ['a path code in capitals', 'Detention_Court'],
      ['a path code of one letter', 'd'],
      ['a path code over 64 characters', `d${'x'.repeat(64)}`],
    ])('refuses %s (with the same code in the body) with 400 naming code', async (_label, code) => {
      await expectRefused((headers) => putRule(code, { body: { ...detentionRule, code }, token: admin, headers }), 400, 'code');
    });

    it('refuses a body that is not JSON with 400', async () => {
      await expectRefused((headers) => putRule(detentionRule.code, { rawBody: '{"code": "detention_court_decision",', token: admin, headers }), 400);
    });

    it('refuses no body at all with 400', async () => {
      await expectRefused((headers) => putRule(detentionRule.code, { token: admin, headers }), 400, 'rule');
    });

    it('refuses a body over 64 kB with 413', async () => {
      const response = await expectRefused(
        (headers) => putRule(detentionRule.code, { body: { ...detentionRule, title: 'x'.repeat(70 * 1024) }, token: admin, headers }),
        413,
      );
      expect((response.body as { type: string }).type).toBe('urn:icjims:problem:payload-too-large');
    });

    it('refuses a body that is not application/json with 415', async () => {
      await expectRefused(
        (headers) => putRule(detentionRule.code, { rawBody: JSON.stringify(detentionRule), token: admin, headers: { ...headers, 'content-type': 'text/plain' } }),
        415,
      );
    });

    it.each([
      ['no token', 401, async () => undefined],
      ['an expired token', 401, async () => services.tokenFor('admin', { ttlSeconds: -120 })],
      ['a token signed with another key', 401, async () => (await testSigningKey()).tokenFor('admin')],
      ['a token that is not a JWT', 401, async () => 'not-a-jwt'],
      ['a prosecutor', 403, async () => services.tokenFor('prosecutor', { region: 'KG-GB' })],
      ['an investigator', 403, async () => services.tokenFor('investigator', { region: 'KG-GB' })],
      ['an analyst', 403, async () => services.tokenFor('analyst')],
      ['an auditor', 403, async () => services.tokenFor('auditor')],
      ['a regional admin', 403, async () => services.tokenFor('admin', { region: 'KG-GB' })],
    ])('refuses a valid rule sent with %s with %i', async (_label, status, token) => {
      const caller = await token();
      await expectRefused((headers) => putRule(detentionRule.code, { body: { ...detentionRule, term: { amount: 24, unit: 'hours' } }, token: caller, headers }), status);
    });
  });
});
