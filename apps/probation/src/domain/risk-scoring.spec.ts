import { instrumentFor, isRefusal, score } from './risk-scoring';
import { TEST_PACK } from './probation-pack.fixtures';

const v1 = TEST_PACK.riskInstruments[0];

describe('score', () => {
  it.each([
    [{ housing: 'stable', work: 'employed' }, 0, 'low'],
    [{ housing: 'stable', work: 'some' }, 1, 'low'],
    [{ housing: 'none', work: 'employed' }, 2, 'medium'],
    [{ housing: 'stable', work: 'none' }, 3, 'medium'],
    [{ housing: 'none', work: 'some' }, 3, 'medium'],
    [{ housing: 'none', work: 'none' }, 5, 'high'],
  ])('scores %j as %i, band %s', (answers, total, band) => {
    const scored = score(v1, answers);
    expect(isRefusal(scored) ? scored : { score: scored.score, band: scored.band.code }).toEqual({ score: total, band });
  });

  it.each([
    [{ housing: 'stable' }, 'answers.work', /work is not answered/],
    [{ housing: 'stable', work: 'retired' }, 'answers.work', /retired is not an answer of item work/],
    [{ housing: 'stable', work: 'none', mood: 'fine' }, 'answers.mood', /mood is not an item/],
  ])('refuses %j, naming the item', (answers, field, reason) => {
    expect(score(v1, answers)).toEqual({ status: 422, code: 'invalid-answers', field, reason: expect.stringMatching(reason) });
  });
});

describe('instrumentFor', () => {
  it('gives a version valid on the date', () => {
    expect(instrumentFor(TEST_PACK, 'needs', 1, '2026-05-01')).toBe(v1);
    expect(instrumentFor(TEST_PACK, 'needs', 2, '2027-01-01')).toBe(TEST_PACK.riskInstruments[1]);
  });

  it.each([
    ['risk', 1, '2026-05-01', 'unknown-code', 'instrument'],
    ['needs', 3, '2026-05-01', 'unknown-code', 'instrumentVersion'],
    ['needs', 2, '2026-12-31', 'invalid-command', 'instrumentVersion'],
  ])('refuses %s version %i on %s', (code, version, date, refusalCode, field) => {
    expect(instrumentFor(TEST_PACK, code, version, date)).toMatchObject({ code: refusalCode, field });
  });
});
