import { TimelineDto } from './dto/timeline.dto';
import { renderTimelineDocument } from './timeline-document';

function timeline(overrides: Partial<TimelineDto> = {}): TimelineDto {
  return {
    caseId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01',
    caseNumber: 'KG-GB-2026-000001',
    region: 'KG-GB',
    status: 'under_investigation',
    version: 1,
    generatedAt: '2026-11-23T10:00:00.000Z',
    integrity: { valid: true, checked: 1, provenInCheckpoint: 0, awaitingCheckpoint: 1 },
    entries: [
      {
        step: {
          id: '0b0f8f0e-6f7e-4e52-9a51-6a1d7d3c9f11',
          caseId: '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01',
          sequence: 1,
          stepType: 'suspicion_notified',
          occurredAt: '2026-11-20T10:00:00.000Z',
          recordedAt: '2026-11-23T10:00:00.000Z',
          recordedLate: true,
          recordedBy: 'officer-<1>',
          personId: null,
          details: { offenceArticle: '199-1 & "2"' },
          correctsStepId: null,
          hash: 'a'.repeat(64),
        },
        title: 'Notification of suspicion',
        standing: 'in_effect',
        effective: null,
        correctedBy: [],
      },
    ],
    ...overrides,
  };
}

describe('renderTimelineDocument', () => {
  it('escapes every value it prints', () => {
    const html = renderTimelineDocument(timeline());
    expect(html).toContain('officer-&lt;1&gt;');
    expect(html).toContain('offenceArticle: 199-1 &amp; &quot;2&quot;');
    expect(html).not.toContain('officer-<1>');
  });

  it('prints a list of codes as the codes, comma-separated', () => {
    const [entry] = timeline().entries;
    const sentence = { ...entry, step: { ...entry.step, stepType: 'sentence', details: { sentenceType: 'probation', termMonths: 12, obligations: ['curfew', 'no_contact'] } } };
    expect(renderTimelineDocument(timeline({ entries: [sentence] }))).toContain('obligations: curfew, no_contact');
  });

  it('marks late recording', () => {
    expect(renderTimelineDocument(timeline())).toContain('(recorded late)');
  });

  it('says in words what a correction does, naming the corrected step by its number', () => {
    const [original] = timeline().entries;
    const correction = {
      ...original,
      step: {
        ...original.step,
        id: '5c1e0a3e-2f6d-4b3a-9e1c-8d7f6a5b4c31',
        sequence: 2,
        stepType: 'correction',
        details: { action: 'amend', reason: 'Wrong article', replacesDetails: true, 'details.offenceArticle': '130' },
        correctsStepId: original.step.id,
      },
      title: 'Correction',
    };
    const html = renderTimelineDocument(timeline({ entries: [original, correction] }));
    expect(html).toContain('corrects step 1</div>');
    expect(html).toContain('amended to: details offenceArticle: 130; why: Wrong article');
    expect(html).not.toContain('replacesDetails');
  });

  it('says where a broken chain breaks', () => {
    const html = renderTimelineDocument(timeline({ integrity: { valid: false, checked: 2, firstBrokenSequence: 3, problem: 'not-in-checkpoint', provenInCheckpoint: 2, awaitingCheckpoint: 0 } }));
    expect(html).toContain('BROKEN at step 3: not-in-checkpoint');
  });

  it('is written in the request’s language: headings, notes and the integrity line', () => {
    const html = renderTimelineDocument(timeline(), 'ru');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<h1>Процессуальный журнал дела KG-GB-2026-000001</h1>');
    expect(html).toContain('<th>Действие</th>');
    expect(html).toContain('(записано с опозданием)');
    expect(html).toContain('не нарушена (проверено действий: 1; подписанной контрольной точки ещё нет)');
    expect(html).not.toContain('Procedural journal');
  });
});
