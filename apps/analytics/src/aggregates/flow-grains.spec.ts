import { CASE_BREAKDOWN_SQL, CaseBreakdown } from '../flow/case-flow';
import { FINEST, FLOW_STEP_TYPES, GRAINS, grainFor, SPAN_KEY } from './flow-grains';

describe('flow cube grains', () => {
  const breakdowns = Object.keys(CASE_BREAKDOWN_SQL) as CaseBreakdown[];
  const subsets = breakdowns.reduce<CaseBreakdown[][]>((all, breakdown) => [...all, ...all.map((subset) => [...subset, breakdown])], [[]]);

  it('serves every combination of case breakdowns, national or of one region, from a grain that keeps them all (and the region for one region)', () => {
    for (const by of subsets) {
      for (const inRegion of [false, true]) {
        const grain = grainFor(by, inRegion);
        const kept = inRegion ? [...by, 'region'] : by;
        expect([by, inRegion, grain >= 0 && kept.every((breakdown) => GRAINS[grain].includes(breakdown as CaseBreakdown))]).toEqual([by, inRegion, true]);
      }
    }
  });

  it('reads a national table by period or region, or one by ICCS section or article, from the small grains', () => {
    const national = [[], ['region'], ['iccsSection'], ['region', 'iccsSection'], ['article'], ['iccsSection', 'article'], ['region', 'article'], ['district', 'agency'], ['article', 'agency']] as CaseBreakdown[][];
    expect(national.map((by) => grainFor(by, false))).toEqual([0, 0, 6, 1, 5, 2, 2, 3, 4]);
  });

  it('reads a table of one region by article from a grain with the region', () => {
    expect([grainFor(['article'], true), grainFor([], true), grainFor(['iccsSection'], true)]).toEqual([2, 0, 1]);
  });

  it('keeps every breakdown in the finest grain, and only the national grains by article and by ICCS section without the region', () => {
    expect([...GRAINS[FINEST]].sort()).toEqual([...breakdowns].sort());
    expect(GRAINS.filter((grain) => !grain.includes('region'))).toEqual([['article'], ['iccsSection']]);
    expect(SPAN_KEY).toEqual(['stage', 'grain', 'region', 'district', 'agency', 'iccs_section', 'article', 'started_month', 'started_on_boundary', 'ended_month']);
  });

  it('reads only the steps that start or end a stage', () => {
    expect([...FLOW_STEP_TYPES].sort()).toEqual(['case_joined', 'indictment', 'proceedings_terminated', 'verdict']);
  });
});
