import { publishedTable } from './formats.fixtures';
import { sdmxDimensionId, sdmxStructureId, sdmxTimePeriod, tableToSdmxCsv } from './sdmx-csv';

describe('tableToSdmxCsv', () => {
  it('writes an SDMX-CSV 2.0 message: structure, action, dimension codes, value, observation and confidentiality status', () => {
    expect(tableToSdmxCsv(publishedTable())).toBe(
      [
        'STRUCTURE,STRUCTURE_ID,ACTION,TIME_PERIOD,REF_AREA,OBS_VALUE,OBS_STATUS,CONF_STATUS',
        'dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-01,KG-GB,,Q,D',
        'dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-01,KG-C,,Q,A',
        'dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-01,_T,14,A,F',
        'dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-02,KG-GB,9,A,F',
        'dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-02,KG-C,0,A,F',
        'dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-02,_T,9,A,F',
        '',
      ].join('\r\n'),
    );
  });

  it('marks a withheld ratio C, and every cell of an exact table N (not for publication)', () => {
    const base = publishedTable();
    const ratio = publishedTable({ cells: base.cells.map((cell, i) => (i === 3 ? { key: cell.key, value: null, suppression: 'small-denominator' } : cell)) });
    expect(tableToSdmxCsv(ratio).split('\r\n')[4]).toBe('dataflow,ICJIMS:SUSPECTS_ENTERED(2.0.0),I,2026-02,KG-GB,,Q,C');
    const exact = publishedTable({ cells: base.cells.map((cell) => ({ key: cell.key, value: cell.value ?? 2 })), disclosure: { minCellSize: 3, minDenominator: 20, exact: true } });
    expect(tableToSdmxCsv(exact).split('\r\n').slice(1, -1).map((line) => line.split(',').slice(-2).join(','))).toEqual(Array(6).fill('A,N'));
  });

  it.each([
    ['period', 'TIME_PERIOD'],
    ['region', 'REF_AREA'],
    ['district', 'DISTRICT'],
    ['ageBand', 'AGE_BAND'],
    ['iccsSection', 'ICCS_SECTION'],
    ['citizenshipGroup', 'CITIZENSHIP_GROUP'],
  ])('names the %s dimension %s', (code, id) => {
    expect(sdmxDimensionId(code)).toBe(id);
  });

  it('writes a range of days as an SDMX time range, months, quarters and years as they are', () => {
    expect(sdmxTimePeriod('2026-03-15/2026-06-10')).toBe('2026-03-15/P88D');
    expect(sdmxTimePeriod('2024-02-29/2024-02-29')).toBe('2024-02-29/P1D');
    expect(['2026-03', '2026-Q1', '2026'].map(sdmxTimePeriod)).toEqual(['2026-03', '2026-Q1', '2026']);
  });

  it('names the dataflow by the neutral agency, the indicator code in upper case and its version', () => {
    expect(sdmxStructureId({ code: 'cases_registered', version: 1 })).toBe('ICJIMS:CASES_REGISTERED(1.0.0)');
  });
});
