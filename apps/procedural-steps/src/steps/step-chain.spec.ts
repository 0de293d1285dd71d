import { createHash } from 'node:crypto';
import { canonicalJson, chainHash, GENESIS_HASH } from '@icjims/integrity';
import { entryLeafHash, linkEntries } from '@icjims/journal';
import { ChainableStep, stepChainFields } from './step-chain';
import { stepJournal } from './step-journal';

const step: ChainableStep = {
  id: '0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11',
  caseId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01',
  sequence: 2,
  stepType: 'detention',
  occurredAt: new Date('2026-11-03T09:00:00Z'),
  recordedAt: new Date('2026-11-03T09:05:00.123Z'),
  recordedBy: 'prosecutor-17',
  personId: '2f1d7a52-8a4e-4e43-9a8c-3b0e3f6d9a10',
  details: { ground: 'caught_in_the_act' },
  correctsStepId: null,
};

const stepLeafHash = (chainable: ChainableStep) => entryLeafHash(stepJournal, chainable);

describe('a step’s link and leaf', () => {
  it('covers exactly the fields stored journals were hashed with (the codec never changes)', () => {
    expect(canonicalJson(stepChainFields(step))).toBe(
      '{"caseId":"7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01","correctsStepId":null,"details":{"ground":"caught_in_the_act"},"occurredAt":"2026-11-03T09:00:00.000Z","personId":"2f1d7a52-8a4e-4e43-9a8c-3b0e3f6d9a10","recordedAt":"2026-11-03T09:05:00.123Z","recordedBy":"prosecutor-17","seq":2,"stepId":"0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11","stepType":"detention"}',
    );
  });

  it('is linked by the journal library as the chain always hashed it', () => {
    const { sequence: _sequence, ...unlinked } = step;
    const { entries, head } = linkEntries(stepJournal, { version: 1, lastHash: GENESIS_HASH }, [unlinked]);
    expect(entries[0]).toMatchObject({ sequence: 2, prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, stepChainFields(step)) });
    expect(head).toEqual({ version: 2, lastHash: entries[0].hash });
  });

  it('is the RFC 6962 leaf hash of the canonical JSON its chain hash covers', () => {
    const expected = createHash('sha256').update(Buffer.concat([Buffer.of(0), Buffer.from(canonicalJson(stepChainFields(step)), 'utf8')])).digest();
    expect(stepLeafHash(step).equals(expected)).toBe(true);
  });

  it.each<[string, Partial<ChainableStep>]>([
    ['the time it happened', { occurredAt: new Date('2026-11-02T09:00:00Z') }],
    ['the person', { personId: null }],
    ['a detail', { details: { ground: 'warrant' } }],
    ['the position', { sequence: 3 }],
  ])('changes with %s', (_label, change) => {
    expect(stepLeafHash({ ...step, ...change }).equals(stepLeafHash(step))).toBe(false);
  });
});
