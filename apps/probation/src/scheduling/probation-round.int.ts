import { Client } from 'pg';
import { CloudEvent, ProbationEntryRecorded, StepRecordedV1 } from '@icjims/contracts';
import { localDate } from '@icjims/jurisdiction';
import { UnitOfWork } from '@icjims/messaging';
import { outboxEvents, publishEvents, RunningServices, startServices } from '@icjims/testing';
import { CaseCommand, ProbationCaseState, ProbationStreamState, SYSTEM_ACTOR } from '../domain';
import { ProbationWriter } from '../journal/probation-writer';
import { reportIdOf } from '../pre-sentence-reports/pre-sentence-report-intake';
import { stepRecorded } from '../probation.fixtures';
import { probationService } from '../probation.service';
import { ProbationRound } from './probation-round';
import { completesToday } from './round';

const ZONE = 'Asia/Bishkek';
const DAY = 24 * 60 * 60 * 1000;
const today = () => localDate(new Date(), ZONE);
/** Now, `months` months and `days` days ago (as the sentence's instant). */
function ago(months: number, days = 0): string {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCMonth(at.getUTCMonth() - months);
  return at.toISOString();
}

/**
 * The daily round through the real service and PostgreSQL: cases come in from the bus (intake),
 * the round runs as its timer would run it, and its work is read back from the journal.
 */
describe('the daily round', () => {
  let services: RunningServices;
  let db: Client;
  let round: ProbationRound;
  let writer: ProbationWriter;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    services = await startServices([probationService]);
    db = services.db;
    const [app] = services.apps;
    round = app.get(ProbationRound);
    writer = app.get(ProbationWriter);
    unitOfWork = app.get(UnitOfWork);
  });
  afterAll(() => services?.stop());

  /** A probation sentence of `termMonths` pronounced at `occurredAt`, delivered; its case's stream id. */
  async function sentenced(occurredAt: string, termMonths = 12): Promise<string> {
    const step = stepRecorded({ occurredAt, details: { sentenceType: 'probation', termMonths, obligations: ['report_regularly'] } });
    await publishEvents(services.bus, step);
    const { rows } = await db.query(`SELECT stream_id FROM probation.probation_streams WHERE source_step_id = $1`, [step.data.stepId]);
    expect(rows).toHaveLength(1);
    return rows[0].stream_id;
  }

  type Given = CaseCommand extends infer C ? (C extends unknown ? Omit<C, 'occurredAt'> : never) : never;
  const give = (streamId: string, command: Given) =>
    unitOfWork.run((manager) => writer.command(manager, streamId, { ...command, occurredAt: new Date().toISOString() } as CaseCommand, SYSTEM_ACTOR));

  const entries = async (streamId: string) =>
    (await db.query(`SELECT entry_type, details FROM probation.probation_entries WHERE stream_id = $1 ORDER BY sequence`, [streamId])).rows as { entry_type: string; details: Record<string, unknown> }[];
  const head = async (streamId: string) =>
    (await db.query(`SELECT status, version, attention_on::text AS attention_on, state FROM probation.probation_streams WHERE stream_id = $1`, [streamId])).rows[0] as {
      status: string;
      version: number;
      attention_on: string | null;
      state: ProbationCaseState;
    };

  it('completes a case whose term ran out exactly once, on the day the term ended, and announces it', async () => {
    const streamId = await sentenced(ago(13));
    const endsOn = (await head(streamId)).state.endsOn;
    expect(endsOn < today()).toBe(true);

    await round.run();
    await round.run();

    const ends = (await entries(streamId)).filter((entry) => entry.entry_type === 'ended');
    expect(ends).toEqual([{ entry_type: 'ended', details: { end: 'completed', endedOn: endsOn } }]);
    expect((await entries(streamId)).map((entry) => entry.entry_type)).toEqual(['opened', 'ended']);
    expect(await head(streamId)).toMatchObject({ status: 'completed', version: 2, attention_on: null });
    const announced = await outboxEvents(db, ProbationEntryRecorded, streamId);
    expect(announced.map((event) => [event.entryType, event.status])).toEqual([['opened', 'active'], ['ended', 'completed']]);
  });

  it('completes a term that ends today, and leaves one that ends tomorrow running', async () => {
    const endsToday = await sentenced(ago(12));
    const endsTomorrow = await sentenced(ago(12, -1));
    expect((await head(endsToday)).state.endsOn).toBe(today());

    await round.run();

    expect((await head(endsToday)).status).toBe('completed');
    expect(await head(endsTomorrow)).toMatchObject({ status: 'active', version: 1 });
  });

  it('does not complete while a revocation is pending: breaches the term’s end once, then completes when the court refuses', async () => {
    const streamId = await sentenced(ago(13));
    const { startsOn, endsOn } = (await head(streamId)).state;
    await give(streamId, { type: 'allocate', kind: 'initial', office: 'PR-KG-GB-LENINSKY', officerId: 'officer-1' });
    await give(streamId, { type: 'recordViolation', violationId: 'v-1', obligation: 'report_regularly', violationType: 'missed_appointment', occurredOn: startsOn });
    await give(streamId, { type: 'respondToViolation', violationId: 'v-1', response: 'written_warning' }); // the pack's order: a written warning before a revocation
    await give(streamId, { type: 'submitToCourt', submissionId: 's-1', request: 'revocation', violationId: 'v-1' });

    await round.run();
    await round.run();

    const types = (await entries(streamId)).map((entry) => entry.entry_type);
    expect(types).not.toContain('ended');
    expect((await entries(streamId)).filter((entry) => entry.entry_type === 'deadline_breached')).toEqual([
      { entry_type: 'deadline_breached', details: { rule: 'term_end', dueOn: endsOn } },
    ]);
    expect((await head(streamId)).status).toBe('active');

    await give(streamId, { type: 'recordCourtDecision', submissionId: 's-1', granted: false });
    expect((await head(streamId)).attention_on).not.toBeNull();
    await round.run();
    expect(await head(streamId)).toMatchObject({ status: 'completed' });
    expect((await entries(streamId)).filter((entry) => entry.entry_type === 'ended')).toEqual([{ entry_type: 'ended', details: { end: 'completed', endedOn: endsOn } }]);
  });

  it('leaves an absconding person’s case running past its term', async () => {
    const streamId = await sentenced(ago(13));
    await give(streamId, { type: 'allocate', kind: 'initial', office: 'PR-KG-GB-LENINSKY', officerId: 'officer-1' });
    await give(streamId, { type: 'recordAbsconding', since: (await head(streamId)).state.startsOn });
    await round.run();
    expect((await head(streamId)).status).toBe('absconded');
  });

  it('records a report’s due date that passed unmet as breached, once', async () => {
    const step: CloudEvent<StepRecordedV1> = stepRecorded({
      stepType: 'pre_sentence_report_requested',
      occurredAt: new Date(Date.now() - 10 * DAY).toISOString(),
      details: { dueOn: localDate(new Date(Date.now() - 3 * DAY), ZONE), requestedBy: 'court' },
    });
    await publishEvents(services.bus, step);
    const reportId = reportIdOf(step.data.stepId);

    await round.run();
    await round.run();

    const breaches = (await entries(reportId)).filter((entry) => entry.entry_type === 'deadline_breached');
    expect(breaches).toEqual([{ entry_type: 'deadline_breached', details: { rule: 'pre_sentence_report_due', dueOn: step.data.details.dueOn } }]);
    expect((await head(reportId)).status).toBe('requested');
  });

  it('leaves nothing active past its end: after a round no case it could complete is left running', async () => {
    for (const months of [12, 13, 14, 25, 40]) await sentenced(ago(months, Math.floor(Math.random() * 20)));
    await round.run();
    const { rows } = await db.query(`SELECT stream_id, state FROM probation.probation_streams WHERE stream = 'probation_case'`);
    const left = (rows as { stream_id: string; state: ProbationStreamState }[]).filter(
      ({ state }) => state.stream === 'probation_case' && completesToday(state, today()),
    );
    expect(left).toEqual([]);
  });

  it('lets two instances run their rounds at once: each case is completed once', async () => {
    // The second instance first (its round runs once as it starts), then the cases for both to find.
    const other = await startServices([probationService], { databaseUrl: services.databaseUrl, transparencyDir: services.transparencyDir });
    const streams = [];
    try {
      for (let i = 0; i < 6; i += 1) streams.push(await sentenced(ago(13, i)));
      const results = await Promise.all([round.run(), other.apps[0].get(ProbationRound).run(), round.run()]);
      expect(results.reduce((completed, result) => completed + result.completed, 0)).toBe(streams.length);
    } finally {
      await other.stop();
    }
    for (const streamId of streams) {
      expect((await entries(streamId)).map((entry) => entry.entry_type)).toEqual(['opened', 'ended']);
    }
  });

  it('waits for a stream’s next day when it looked at it with nothing to do', async () => {
    const streamId = await sentenced(ago(1));
    const next = (await head(streamId)).attention_on;
    expect(next !== null && next > today()).toBe(true);
    // As after an upgrade: the stream is due for a look, but has nothing to give today.
    await db.query(`UPDATE probation.probation_streams SET attention_on = DATE '2000-01-01' WHERE stream_id = $1`, [streamId]);
    await round.run();
    expect(await head(streamId)).toMatchObject({ version: 1, attention_on: next });
  });
});
