import { randomUUID } from 'node:crypto';
import { http, HttpResult, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, assignResponsibility, OFFICE_INVESTIGATION_TERM, putDeadlineRules, recordStep, startProceduralSteps } from '../procedural-steps.fixtures';
import { DeadlineDto, DeadlinePageDto } from './dto/deadline.dto';

/**
 * GET /api/v1/deadlines over HTTP: each filter shown to include what it should and to
 * exclude what it should not, on cases whose responsibility case-registry assigned.
 */
describe('listing deadlines: filters, regions, paging and bad queries', () => {
  let services: RunningServices;
  let base: string;
  let tokens: { bishkek: string; chuy: string; national: string };

  beforeAll(async () => {
    services = await startProceduralSteps();
    await putDeadlineRules(services, [OFFICE_INVESTIGATION_TERM]);
    base = `${services.urls['procedural-steps']}/api/v1`;
    tokens = {
      bishkek: await services.tokenFor('prosecutor', { region: 'KG-GB' }),
      chuy: await services.tokenFor('prosecutor', { region: 'KG-C' }),
      national: await services.tokenFor('admin'),
    };
  });
  afterAll(() => services.stop());

  const INVESTIGATION_STARTED_AT = '2026-11-03T08:00:00Z';
  /** investigation_term: 12 months from the start of the investigation. */
  const INVESTIGATION_DUE = '2027-11-03T08:00:00.000Z';

  const list = (query: string, token = tokens.national): Promise<HttpResult<DeadlinePageDto>> => http('GET', `${base}/deadlines?${query}`, { token });
  const items = async (query: string, token = tokens.national): Promise<DeadlineDto[]> => {
    const response = await list(query, token);
    if (response.status !== 200) throw new Error(`GET /deadlines?${query}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.items;
  };
  /** What a list says about which clock: rule, case and due time. */
  const clocks = (listed: DeadlineDto[]) => listed.map(({ caseId, rule, dueAt }) => ({ caseId, rule, dueAt }));
  /** Clocks due at the same time are listed by id, which is random: compare such lists as sets. */
  const inAnyOrder = (listed: ReturnType<typeof clocks>) => [...listed].sort((a, b) => `${a.dueAt}${a.caseId}${a.rule}`.localeCompare(`${b.dueAt}${b.caseId}${b.rule}`));
  const newOfficer = () => `officer-${randomUUID()}`;

  /**
   * A case under investigation (two clocks: the investigation term and, for its detained
   * suspect, the 48 hours to a court decision), in a region, with whoever is responsible.
   */
  async function caseWithClocks(
    options: { region?: 'KG-GB' | 'KG-C'; detainedAt?: string; prosecutor?: string; investigator?: string } = {},
  ): Promise<{ caseId: string; suspect: string; detentionDue: string }> {
    const region = options.region ?? 'KG-GB';
    const detainedAt = options.detainedAt ?? '2026-11-04T10:00:00Z';
    const token = region === 'KG-GB' ? tokens.bishkek : tokens.chuy;
    const caseId = await announceCase(services.bus, { region });
    const suspect = await addPerson(services.bus, caseId);
    if (options.prosecutor) await assignResponsibility(services.bus, caseId, 'prosecutor', options.prosecutor, region);
    if (options.investigator) await assignResponsibility(services.bus, caseId, 'investigator', options.investigator, region);
    for (const body of [
      { stepType: 'investigation_started', occurredAt: INVESTIGATION_STARTED_AT },
      { stepType: 'detention', occurredAt: detainedAt, personId: suspect },
    ]) {
      await recordStep({ base, token }, caseId, body);
    }
    return { caseId, suspect, detentionDue: new Date(Date.parse(detainedAt) + 48 * 3_600_000).toISOString() };
  }

  describe('responsible', () => {
    it('lists exactly the deadlines of the cases the officer is responsible for, as prosecutor or as investigator', async () => {
      const officer = newOfficer();
      const asProsecutor = await caseWithClocks({ prosecutor: officer, detainedAt: '2026-11-04T10:00:00Z' });
      const asInvestigator = await caseWithClocks({ investigator: officer, prosecutor: newOfficer(), detainedAt: '2026-11-05T10:00:00Z' });
      const someoneElses = await caseWithClocks({ prosecutor: newOfficer() });

      const listed = await items(`responsible=${officer}&limit=100`);
      expect(inAnyOrder(clocks(listed))).toEqual(
        inAnyOrder([
          { caseId: asProsecutor.caseId, rule: 'detention_court_decision', dueAt: '2026-11-06T10:00:00.000Z' },
          { caseId: asInvestigator.caseId, rule: 'detention_court_decision', dueAt: '2026-11-07T10:00:00.000Z' },
          { caseId: asProsecutor.caseId, rule: 'investigation_term', dueAt: INVESTIGATION_DUE },
          { caseId: asInvestigator.caseId, rule: 'investigation_term', dueAt: INVESTIGATION_DUE },
        ]),
      );
      expect(listed.map((item) => item.caseId)).not.toContain(someoneElses.caseId);
      expect(listed.find((item) => item.caseId === asProsecutor.caseId)).toMatchObject({ responsibleProsecutor: officer, responsibleInvestigator: null });
      expect(listed.find((item) => item.caseId === asInvestigator.caseId)).toMatchObject({ responsibleInvestigator: officer });
    });

    it('follows a reassignment: the previous prosecutor no longer finds the case, the new one does', async () => {
      const [before, after] = [newOfficer(), newOfficer()];
      const { caseId } = await caseWithClocks({ prosecutor: before });
      await assignResponsibility(services.bus, caseId, 'prosecutor', after);

      expect(await items(`responsible=${before}`)).toEqual([]);
      expect((await items(`responsible=${after}`)).map((item) => item.caseId)).toEqual([caseId, caseId]);
    });

    it('finds nothing for an officer responsible for no case', async () => {
      await caseWithClocks({ prosecutor: newOfficer() });
      expect(await items(`responsible=${newOfficer()}`)).toEqual([]);
    });
  });

  describe('dueBefore', () => {
    it('includes a deadline due before the time and excludes one due after it', async () => {
      const officer = newOfficer();
      const { caseId } = await caseWithClocks({ prosecutor: officer, detainedAt: '2026-11-04T10:00:00Z' });

      expect(clocks(await items(`responsible=${officer}&dueBefore=2026-12-01T00:00:00Z`))).toEqual([
        { caseId, rule: 'detention_court_decision', dueAt: '2026-11-06T10:00:00.000Z' },
      ]);
      expect((await items(`responsible=${officer}&dueBefore=2028-01-01T00:00:00Z`)).map((item) => item.rule)).toEqual(['detention_court_decision', 'investigation_term']);
      expect(await items(`responsible=${officer}&dueBefore=2026-11-01T00:00:00Z`)).toEqual([]);
    });

    it('is strict: a deadline due exactly at the time is not due before it', async () => {
      const officer = newOfficer();
      await caseWithClocks({ prosecutor: officer, detainedAt: '2026-11-04T10:00:00Z' });
      expect(await items(`responsible=${officer}&dueBefore=2026-11-06T10:00:00Z`)).toEqual([]);
      expect(await items(`responsible=${officer}&dueBefore=2026-11-06T10:00:01Z`)).toHaveLength(1);
    });

    it('honours the offset of the time it is given', async () => {
      const officer = newOfficer();
      await caseWithClocks({ prosecutor: officer, detainedAt: '2026-11-04T10:00:00Z' });
      // 11:30 in UTC+02:00 is 09:30Z, before the 10:00Z due time; 12:30+02:00 is after it.
      expect(await items(`responsible=${officer}&dueBefore=${encodeURIComponent('2026-11-06T11:30:00+02:00')}`)).toEqual([]);
      expect(await items(`responsible=${officer}&dueBefore=${encodeURIComponent('2026-11-06T12:30:00+02:00')}`)).toHaveLength(1);
    });
  });

  describe('regions', () => {
    it('lets a national caller filter by region, and without the filter see every region', async () => {
      const officer = newOfficer();
      const bishkek = await caseWithClocks({ region: 'KG-GB', prosecutor: officer });
      const chuy = await caseWithClocks({ region: 'KG-C', prosecutor: officer });

      const inChuy = await items('region=KG-C&limit=100');
      expect(inChuy.length).toBeGreaterThan(0);
      expect(inChuy.every((item) => item.region === 'KG-C')).toBe(true);
      expect(inChuy.map((item) => item.caseId)).toContain(chuy.caseId);
      expect(inChuy.map((item) => item.caseId)).not.toContain(bishkek.caseId);

      expect(new Set((await items(`responsible=${officer}`)).map((item) => item.caseId))).toEqual(new Set([bishkek.caseId, chuy.caseId]));
    });

    it('refuses a regional caller who asks for another region with 403 problem+json', async () => {
      const response = await list('region=KG-C', tokens.bishkek);
      expect(response.status).toBe(403);
      expect(response.contentType).toContain('application/problem+json');
    });

    it('lets a regional caller name their own region', async () => {
      const { caseId } = await caseWithClocks({ region: 'KG-GB' });
      expect((await items('region=KG-GB&limit=100', tokens.bishkek)).map((item) => item.caseId)).toContain(caseId);
    });

    describe('a regional caller never sees another region’s deadlines, whatever the filter', () => {
      let officer: string;
      let chuyCaseId: string;

      beforeAll(async () => {
        // The soonest clocks of all, one running and one stopped: any query a national caller makes below lists them.
        officer = newOfficer();
        const chuy = await caseWithClocks({ region: 'KG-C', prosecutor: officer, investigator: officer, detainedAt: '2026-11-03T09:00:00Z' });
        chuyCaseId = chuy.caseId;
        const released = await addPerson(services.bus, chuyCaseId);
        for (const body of [
          { stepType: 'detention', occurredAt: '2026-11-03T09:30:00Z', personId: released },
          { stepType: 'release_from_detention', occurredAt: '2026-11-03T12:00:00Z', personId: released },
        ]) {
          expect((await http('POST', `${base}/cases/${chuyCaseId}/steps`, { token: tokens.chuy, body })).status).toBe(201);
        }
        await caseWithClocks({ region: 'KG-GB' });
      });

      it.each([
        ['no filter', () => ''],
        ['the responsible officer of the other region’s case', () => `responsible=${officer}`],
        ['a dueBefore that covers everything', () => 'dueBefore=2999-01-01T00:00:00Z'],
        ['the stopped clocks', () => 'state=stopped'],
        ['the responsible officer, dueBefore, state and a page size together', () => `responsible=${officer}&dueBefore=2999-01-01T00:00:00Z&state=running&limit=1`],
      ])('%s', async (_label, query) => {
        expect((await items(query(), tokens.national)).map((item) => item.caseId)).toContain(chuyCaseId);
        const seen = await items(query(), tokens.bishkek);
        expect(seen.every((item) => item.region === 'KG-GB')).toBe(true);
        expect(seen.map((item) => item.caseId)).not.toContain(chuyCaseId);
      });

      it('while the other region’s own prosecutor does see the case', async () => {
        expect((await items(`responsible=${officer}&state=running`, tokens.chuy)).map((item) => item.rule)).toEqual(['detention_court_decision', 'investigation_term']);
        expect((await items(`responsible=${officer}&state=stopped`, tokens.chuy)).map((item) => item.caseId)).toEqual([chuyCaseId]);
      });
    });
  });

  describe('filters combined', () => {
    it('applies region, responsible, dueBefore and state together', async () => {
      const officer = newOfficer();
      const early = await caseWithClocks({ region: 'KG-GB', prosecutor: officer, detainedAt: '2026-11-04T10:00:00Z' });
      const late = await caseWithClocks({ region: 'KG-GB', prosecutor: officer, detainedAt: '2026-11-18T10:00:00Z' });
      const elsewhere = await caseWithClocks({ region: 'KG-C', prosecutor: officer, detainedAt: '2026-11-04T10:00:00Z' });
      await caseWithClocks({ region: 'KG-GB', prosecutor: newOfficer(), detainedAt: '2026-11-04T10:00:00Z' });

      expect(clocks(await items(`region=KG-GB&responsible=${officer}&dueBefore=2026-11-10T00:00:00Z`))).toEqual([
        { caseId: early.caseId, rule: 'detention_court_decision', dueAt: early.detentionDue },
      ]);
      expect(inAnyOrder(clocks(await items(`responsible=${officer}&dueBefore=2026-11-10T00:00:00Z`)))).toEqual(
        inAnyOrder([
          { caseId: early.caseId, rule: 'detention_court_decision', dueAt: early.detentionDue },
          { caseId: elsewhere.caseId, rule: 'detention_court_decision', dueAt: elsewhere.detentionDue },
        ]),
      );
      expect(clocks(await items(`responsible=${officer}&dueBefore=2026-11-10T00:00:00Z`, tokens.bishkek))).toEqual([
        { caseId: early.caseId, rule: 'detention_court_decision', dueAt: early.detentionDue },
      ]);

      // Released in time: the early clock stops; only the stopped list shows it.
      const release = await http('POST', `${base}/cases/${early.caseId}/steps`, {
        token: tokens.bishkek,
        body: { stepType: 'release_from_detention', occurredAt: '2026-11-05T10:00:00Z', personId: early.suspect },
      });
      expect(release.status).toBe(201);
      expect(clocks(await items(`state=stopped&region=KG-GB&responsible=${officer}&dueBefore=2026-12-01T00:00:00Z`))).toEqual([
        { caseId: early.caseId, rule: 'detention_court_decision', dueAt: early.detentionDue },
      ]);
      expect(clocks(await items(`state=running&region=KG-GB&responsible=${officer}&dueBefore=2026-12-01T00:00:00Z`))).toEqual([
        { caseId: late.caseId, rule: 'detention_court_decision', dueAt: late.detentionDue },
      ]);
    });
  });

  describe('paging and order', () => {
    it('pages through exactly the filtered deadlines, soonest first, ties by id, ending with a null cursor', async () => {
      const officer = newOfficer();
      // Two detentions at the same moment: equal due times, ordered by id.
      for (const detainedAt of ['2026-11-06T10:00:00Z', '2026-11-04T10:00:00Z', '2026-11-04T10:00:00Z']) await caseWithClocks({ prosecutor: officer, detainedAt });
      const all = await items(`responsible=${officer}&limit=100`);
      expect(all).toHaveLength(6);
      const sortKey = (item: DeadlineDto) => `${item.dueAt}|${item.id}`;
      expect(all.map(sortKey)).toEqual(all.map(sortKey).sort());

      const pages: DeadlinePageDto[] = [];
      let cursor: string | null = null;
      do {
        const response: HttpResult<DeadlinePageDto> = await list(`responsible=${officer}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        pages.push(response.body);
        cursor = response.body.nextCursor;
      } while (cursor && pages.length < 5);

      expect(pages.map((page) => page.items.length)).toEqual([4, 2]);
      expect(pages.at(-1)?.nextCursor).toBeNull();
      expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(all.map((item) => item.id));
    });

    it('gives no cursor when a page holds everything', async () => {
      const officer = newOfficer();
      await caseWithClocks({ prosecutor: officer });
      const response = await list(`responsible=${officer}&limit=2`);
      expect(response.body.items).toHaveLength(2);
      expect(response.body.nextCursor).toBeNull();
    });

    it('lists 20 by default', async () => {
      for (let i = 0; i < 11; i++) await caseWithClocks();
      expect(await items('')).toHaveLength(20);
    });
  });

  describe('bad queries', () => {
    it.each([
      ['an unknown query parameter', 'sort=dueAt', 'sort'],
      ['a misspelt filter', 'responsable=someone', 'responsable'],
      ['an unknown state', 'state=overdue', 'state'],
      ['two states', 'state=running&state=breached', 'state'],
      ['a dueBefore that is not a date-time', 'dueBefore=soon', 'dueBefore'],
      ['a dueBefore without an offset', 'dueBefore=2026-12-01T00:00:00', 'dueBefore'],
      ['a dueBefore that is only a date', 'dueBefore=2026-12-01', 'dueBefore'],
      ['a dueBefore on a day the calendar lacks', 'dueBefore=2026-02-30T00:00:00Z', 'dueBefore'],
      ['an empty dueBefore', 'dueBefore=', 'dueBefore'],
      ['a limit of 0', 'limit=0', 'limit'],
      ['a limit over 100', 'limit=101', 'limit'],
      ['a limit that is not a number', 'limit=all', 'limit'],
      ['a fractional limit', 'limit=1.5', 'limit'],
      ['a cursor that is not one', 'cursor=abc', 'cursor'],
      ['a crafted cursor whose parts are no time and no id', `cursor=${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}`, 'cursor'],
      ['a responsible over 128 characters', `responsible=${'x'.repeat(129)}`, 'responsible'],
      ['a region over 16 characters', `region=${'E'.repeat(17)}`, 'region'],
      ['an empty region', 'region=', 'region'],
      ['a region that is not a region code', `region=${encodeURIComponent("KG-GB' OR 1=1")}`, 'region'],
      ['an empty responsible', 'responsible=', 'responsible'],
    ])('refuses %s with 400 problem+json naming the parameter', async (_label, query, field) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      const errors = (response.body as unknown as { errors: { field: string }[] }).errors;
      expect(errors.map((error) => error.field)).toContain(field);
    });

    it.each([
      ['no token', 401, async () => undefined],
      ['an expired token', 401, async () => services.tokenFor('prosecutor', { region: 'KG-GB', ttlSeconds: -120 })],
      ['an analyst', 403, async () => services.tokenFor('analyst')],
      ['a probation officer', 403, async () => services.tokenFor('probation_officer', { region: 'KG-GB' })],
    ])('refuses %s with %i problem+json', async (_label, status, token) => {
      const response = await http('GET', `${base}/deadlines`, { token: await token() });
      expect(response.status).toBe(status);
      expect(response.contentType).toContain('application/problem+json');
    });
  });
});
