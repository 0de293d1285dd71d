import type { RecordCourtDecision, RecordViolation, SubmitToCourt } from './commands';
import { decide } from './decide';
import { entry } from './entries';
import type { ProbationPack } from '@icjims/jurisdiction';
import { absconded, context, daysAfterSentence, submitted, supervised, TEST_PACK, violation } from './probation-pack.fixtures';

const AT = daysAfterSentence(30);

describe('recordViolation', () => {
  const record = (overrides: Partial<RecordViolation> = {}): RecordViolation => ({
    type: 'recordViolation',
    occurredAt: AT,
    violationId: 'v-2',
    obligation: 'curfew',
    violationType: 'curfew_breach',
    occurredOn: '2026-03-28',
    ...overrides,
  });

  it('records a violation of one of the case obligations, its evidence kept in the journal', () => {
    expect(decide(supervised(), record({ evidence: 'neighbour saw' }), context())).toEqual({
      ok: true,
      entries: [entry('violation_recorded', AT, { violationId: 'v-2', obligation: 'curfew', violationType: 'curfew_breach', occurredOn: '2026-03-28', evidence: 'neighbour saw' })],
    });
  });

  it('takes an obligation of the plan too', () => {
    const plan = entry('plan_set', daysAfterSentence(3), { items: [{ obligation: 'treatment', dueOn: '2026-05-01' }] });
    expect(decide(supervised(plan), record({ obligation: 'treatment' }), context())).toMatchObject({ ok: true });
  });

  it.each([
    [{ violationId: 'v-1' }, 'already-done', 'violationId'],
    [{ obligation: 'singing' }, 'unknown-code', 'obligation'],
    [{ obligation: 'treatment' }, 'invalid-command', 'obligation'],
    [{ violationType: 'rudeness' }, 'unknown-code', 'violationType'],
    [{ occurredOn: '2026-04-01' }, 'future-date', 'occurredOn'],
    [{ occurredOn: '2026-02-27' }, 'occurred-too-early', 'occurredOn'],
    [{ evidence: 'x'.repeat(4001) }, 'invalid-command', 'evidence'],
  ])('refuses %j', (overrides, code, field) => {
    expect(decide(supervised(violation()), record(overrides), context())).toMatchObject({ ok: false, refusal: { code, field } });
  });
});

describe('respondToViolation', () => {
  const respond = (response: string, violationId = 'v-1') => ({ type: 'respondToViolation' as const, occurredAt: AT, violationId, response });

  it('records a response that stays with probation', () => {
    expect(decide(supervised(violation()), respond('written_warning'), context())).toEqual({ ok: true, entries: [entry('violation_responded', AT, { violationId: 'v-1', response: 'written_warning' })] });
  });

  it.each([
    ['a violation not recorded', respond('warning', 'v-7'), 'missing-prerequisite', 'violationId'],
    ['an unknown response', respond('scolding'), 'unknown-code', 'response'],
    ['a response that goes to court', respond('court_revocation'), 'invalid-command', 'response'],
  ])('refuses %s', (_, command, code, field) => {
    expect(decide(supervised(violation()), command, context())).toMatchObject({ ok: false, refusal: { code, field } });
  });

  it('refuses the same response twice (409)', () => {
    const warned = entry('violation_responded', daysAfterSentence(21), { violationId: 'v-1', response: 'warning' });
    expect(decide(supervised(violation(), warned), respond('warning'), context())).toMatchObject({ ok: false, refusal: { status: 409, field: 'response' } });
  });
});

describe('submitToCourt', () => {
  const submit = (overrides: Partial<SubmitToCourt> = {}): SubmitToCourt => ({ type: 'submitToCourt', occurredAt: AT, submissionId: 's-2', request: 'revocation', violationId: 'v-1', ...overrides });

  it.each([
    ['revocation', 'court_revocation'],
    ['extension', 'court_extension'],
  ] as const)('submits %s as the violation response to court: two entries', (request, response) => {
    expect(decide(supervised(violation()), submit({ request }), context())).toEqual({
      ok: true,
      entries: [entry('violation_responded', AT, { violationId: 'v-1', response }), entry('court_submitted', AT, { submissionId: 's-2', request, violationId: 'v-1' })],
    });
  });

  it('submits an early termination with no violation', () => {
    expect(decide(supervised(), submit({ request: 'early_termination', violationId: undefined }), context())).toEqual({
      ok: true,
      entries: [entry('court_submitted', AT, { submissionId: 's-2', request: 'early_termination' })],
    });
  });

  it('submits a revocation of a person absconding', () => {
    expect(decide(supervised(violation(), absconded()), submit(), context())).toMatchObject({ ok: true });
  });

  it.each([
    ['no revocation without a violation', [], submit({ violationId: undefined }), 'missing-prerequisite', 'violationId'],
    ['no extension for a violation not recorded', [], submit({ request: 'extension', violationId: 'v-9' }), 'missing-prerequisite', 'violationId'],
    ['an unknown request', [violation()], submit({ request: 'pardon' as never }), 'invalid-command', 'request'],
    ['an empty id', [violation()], submit({ submissionId: '' }), 'invalid-command', 'submissionId'],
    ['an id used before', [violation(), ...submitted('s-2')], submit({ request: 'revocation' }), 'already-done', 'submissionId'],
    ['a second pending extension', [violation(), ...submitted('s-1')], submit({ request: 'extension' }), 'already-done', 'request'],
    ['an early termination for a violation', [violation()], submit({ request: 'early_termination' }), 'invalid-command', 'violationId'],
    ['a submission dated before its violation', [violation('v-1', daysAfterSentence(29), '2026-03-31')], submit({ occurredAt: daysAfterSentence(29, -2) }), 'occurred-too-early', 'occurredAt'],
  ])('refuses %s', (_, given, command, code, field) => {
    expect(decide(supervised(...given), command, context())).toMatchObject({ ok: false, refusal: { code, field } });
  });

  it('refuses an early termination while a revocation is pending or the person absconds', () => {
    const early = submit({ request: 'early_termination', violationId: undefined });
    expect(decide(supervised(violation(), ...submitted('s-1', 'revocation')), early, context())).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
    expect(decide(supervised(absconded()), early, context())).toMatchObject({ ok: false, refusal: { code: 'wrong-status' } });
  });

  it('refuses a revocation when the pack has no response asking for it', () => {
    const pack = context().pack;
    const withoutRevocation = { ...pack, violationResponses: pack.violationResponses.filter((response) => response.courtRequest !== 'revocation') };
    expect(decide(supervised(violation()), submit(), context({ pack: withoutRevocation }))).toMatchObject({ ok: false, refusal: { code: 'unknown-code', field: 'request' } });
  });
});

describe('recordCourtDecision', () => {
  const decision = (overrides: Partial<RecordCourtDecision> = {}): RecordCourtDecision => ({ type: 'recordCourtDecision', occurredAt: AT, submissionId: 's-1', granted: true, ...overrides });

  it('moves the end of the term by a granted extension', () => {
    expect(decide(supervised(violation(), ...submitted('s-1', 'extension')), decision({ extensionMonths: 4 }), context())).toEqual({
      ok: true,
      entries: [entry('court_decided', AT, { submissionId: 's-1', request: 'extension', granted: true, extensionMonths: 4, endsOn: '2027-07-01' })],
    });
  });

  it('ends the case revoked on a granted revocation', () => {
    expect(decide(supervised(violation(), ...submitted('s-1', 'revocation')), decision(), context())).toEqual({
      ok: true,
      entries: [entry('court_decided', AT, { submissionId: 's-1', request: 'revocation', granted: true }), entry('ended', AT, { end: 'revoked', endedOn: '2026-03-31' })],
    });
  });

  it('ends the case terminated early on a granted early termination', () => {
    const given = supervised(...submitted('s-1', 'early_termination', daysAfterSentence(21), undefined));
    expect(decide(given, decision(), context())).toMatchObject({ ok: true, entries: [{ entryType: 'court_decided' }, { entryType: 'ended', details: { end: 'terminated_early' } }] });
  });

  it('changes nothing else when the court refuses', () => {
    expect(decide(supervised(violation(), ...submitted('s-1', 'revocation')), decision({ granted: false }), context())).toEqual({
      ok: true,
      entries: [entry('court_decided', AT, { submissionId: 's-1', request: 'revocation', granted: false })],
    });
  });

  const decided = entry('court_decided', daysAfterSentence(25), { submissionId: 's-1', request: 'extension', granted: false });
  it.each([
    ['no court decision without a submission', [], decision(), 'missing-prerequisite', 'submissionId'],
    ['a decision twice', [violation(), ...submitted('s-1'), decided], decision({ granted: false }), 'already-done', 'submissionId'],
    ['a decision before the submission', [violation(), ...submitted('s-1')], decision({ granted: false, occurredAt: daysAfterSentence(20) }), 'occurred-too-early', 'occurredAt'],
    ['a granted extension with no months', [violation(), ...submitted('s-1')], decision(), 'invalid-command', 'extensionMonths'],
    ['an extension beyond the longest term', [violation(), ...submitted('s-1')], decision({ extensionMonths: 589 }), 'invalid-command', 'extensionMonths'],
    ['months on a refused extension', [violation(), ...submitted('s-1')], decision({ granted: false, extensionMonths: 2 }), 'invalid-command', 'extensionMonths'],
    ['months on a revocation', [violation(), ...submitted('s-1', 'revocation')], decision({ extensionMonths: 2 }), 'invalid-command', 'extensionMonths'],
    ['granted that is not a boolean', [violation(), ...submitted('s-1')], decision({ granted: 'yes' as never }), 'invalid-command', 'granted'],
  ])('refuses %s', (_, given, command, code, field) => {
    expect(decide(supervised(...given), command, context())).toMatchObject({ ok: false, refusal: { code, field } });
  });
});

describe('the order of responses the pack requires (requiresEarlier)', () => {
  /** The test pack where a submission for revocation needs a written warning first. */
  const ORDERED: ProbationPack = {
    ...TEST_PACK,
    violationResponses: TEST_PACK.violationResponses.map((response) => (response.code === 'court_revocation' ? { ...response, requiresEarlier: ['written_warning'] } : response)),
  };
  const ordered = () => context({ pack: ORDERED });
  const revoke = (violationId = 'v-1'): SubmitToCourt => ({ type: 'submitToCourt', occurredAt: AT, submissionId: 's-2', request: 'revocation', violationId });
  const warned = (violationId: string, response = 'written_warning') => entry('violation_responded', daysAfterSentence(20), { violationId, response });
  const secondViolation = entry('violation_recorded', daysAfterSentence(25), { violationId: 'v-2', obligation: 'curfew', violationType: 'curfew_breach', occurredOn: '2026-03-25' });

  it('refuses a submission for revocation before a written warning in the case: 422 with the reason', () => {
    expect(decide(supervised(violation()), revoke(), ordered())).toEqual({
      ok: false,
      refusal: { status: 422, code: 'response-order', field: 'request', reason: 'court_revocation needs written_warning given earlier in the case, and none was' },
    });
    expect(decide(supervised(violation(), warned('v-1', 'warning')), revoke(), ordered())).toMatchObject({ ok: false, refusal: { code: 'response-order' } });
  });

  it('takes it after a written warning to this violation or an earlier one', () => {
    expect(decide(supervised(violation(), warned('v-1')), revoke(), ordered())).toMatchObject({ ok: true, entries: [{ details: { response: 'court_revocation' } }, { entryType: 'court_submitted' }] });
    expect(decide(supervised(violation(), warned('v-1'), secondViolation), revoke('v-2'), ordered())).toMatchObject({ ok: true });
  });

  it('leaves what the pack does not order alone: an extension, a response of its own, and a pack that requires nothing', () => {
    expect(decide(supervised(violation()), { ...revoke(), request: 'extension' }, ordered())).toMatchObject({ ok: true });
    expect(decide(supervised(violation()), { type: 'respondToViolation', occurredAt: AT, violationId: 'v-1', response: 'written_warning' }, ordered())).toMatchObject({ ok: true });
    expect(decide(supervised(violation()), revoke(), context())).toMatchObject({ ok: true });
  });

  it('refuses a response of its own before the one it requires, naming the response', () => {
    const pack: ProbationPack = { ...TEST_PACK, violationResponses: TEST_PACK.violationResponses.map((response) => (response.code === 'written_warning' ? { ...response, requiresEarlier: ['warning'] } : response)) };
    const respond = { type: 'respondToViolation' as const, occurredAt: AT, violationId: 'v-1', response: 'written_warning' };
    expect(decide(supervised(violation()), respond, context({ pack }))).toMatchObject({ ok: false, refusal: { status: 422, code: 'response-order', field: 'response' } });
    expect(decide(supervised(violation(), warned('v-1', 'warning')), respond, context({ pack }))).toMatchObject({ ok: true });
  });
});
