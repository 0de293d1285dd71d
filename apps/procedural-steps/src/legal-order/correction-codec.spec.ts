import { correctionFromDetails, correctionToDetails } from './correction-codec';
import type { Correction } from './journal-step';

describe('correction codec', () => {
  it.each<[string, Correction]>([
    ['an annulment', { correctsStepId: 's-1', reason: 'wrong case', action: 'annul' }],
    ['an amended time', { correctsStepId: 's-1', reason: 'typo', action: 'amend', occurredAt: new Date('2026-03-01T10:00:00Z') }],
    ['an amended person', { correctsStepId: 's-1', reason: 'wrong person', action: 'amend', personId: '0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11' }],
    ['replaced details', { correctsStepId: 's-1', reason: 'wrong term', action: 'amend', details: { sentenceType: 'probation', termMonths: 18 } }],
    ['details replaced by none', { correctsStepId: 's-1', reason: 'ground unknown', action: 'amend', details: {} }],
  ])('carries %s through flat details unchanged', (_case, correction) => {
    expect(correctionFromDetails(correction.correctsStepId, correctionToDetails(correction))).toEqual(correction);
  });

  it('flattens an amendment into scalar details', () => {
    const flat = correctionToDetails({ correctsStepId: 's-1', reason: 'wrong term', action: 'amend', details: { sentenceType: 'fine' } });
    expect(flat).toEqual({ reason: 'wrong term', action: 'amend', replacesDetails: true, 'details.sentenceType': 'fine' });
  });

  it('leaves a malformed action for the rules to refuse', () => {
    expect(correctionFromDetails('s-1', { reason: 'x', action: 'redact' })).toEqual({ correctsStepId: 's-1', reason: 'x', action: 'redact' });
  });
});
