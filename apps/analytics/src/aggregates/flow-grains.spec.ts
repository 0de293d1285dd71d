import { CASE_BREAKDOWN_SQL, CaseBreakdown } from '../flow/case-flow';
import { SPAN_KEY, FLOW_STEP_TYPES, GRAINS, grainFor } from './flow-grains';

describe('flow cube grains', () => {
  const breakdowns = Object.keys(CASE_BREAKDOWN_SQL) as CaseBreakdown[];
  const subsets = breakdowns.reduce<CaseBreakdown[][]>((all, breakdown) => [...all, ...all.map((subset) => [...subset, breakdown])], [[]]);

  it('serves every combination of case breakdowns from a grain that keeps them all', () => {
    for (const by of subsets) {
      const grain = grainFor(by);
      expect([by, grain >= 0 && by.every((breakdown) => GRAINS[grain].includes(breakdown))]).toEqual([by, true]);
    }
  });

  it('reads a national table by period or region, or one by ICCS section or article, from the small grains', () => {
    expect([grainFor([]), grainFor(['region']), grainFor(['iccsSection']), grainFor(['region', 'iccsSection']), grainFor(['article']), grainFor(['district', 'agency']), grainFor(['article', 'agency'])]).toEqual([0, 0, 1, 1, 2, 3, 4]);
  });

  it('keeps the region in every grain (regional tables filter on it), and every breakdown in the last', () => {
    expect(GRAINS.every((grain) => grain.includes('region'))).toBe(true);
    expect([...(GRAINS.at(-1) ?? [])].sort()).toEqual([...breakdowns].sort());
    expect(SPAN_KEY).toEqual(['stage', 'grain', 'region', 'district', 'agency', 'iccs_section', 'article', 'started_month', 'started_on_boundary', 'ended_month']);
  });

  it('reads only the steps that start or end a stage', () => {
    expect([...FLOW_STEP_TYPES].sort()).toEqual(['case_joined', 'indictment', 'proceedings_terminated', 'verdict']);
  });
});
