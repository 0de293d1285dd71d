import { loadJurisdiction } from '@icjims/jurisdiction';
import { packRows } from './adopt-jurisdiction';
import { codeOf, sameRow } from './reference-rows';

describe('reference rows', () => {
  it('name a district by its region and code, other rows by their code or article', () => {
    expect(codeOf('district', { region: 'KG-GB', code: 'leninsky' })).toBe('KG-GB/leninsky');
    expect(codeOf('offence', { article: '209-1' })).toBe('209-1');
  });

  it('compare by their columns, whatever order the labels come in', () => {
    const stored = { code: 'X', kind: 'prosecutor', labels: { ru: 'Б', en: 'A' } };
    expect(sameRow('agency', stored, { code: 'X', kind: 'prosecutor', labels: { en: 'A', ru: 'Б' } })).toBe(true);
    expect(sameRow('agency', stored, { code: 'X', kind: 'internal_affairs', labels: { en: 'A', ru: 'Б' } })).toBe(false);
    expect(sameRow('agency', stored, { code: 'X', kind: 'prosecutor', labels: { en: 'A' } })).toBe(false);
  });
});

describe('packRows', () => {
  const rows = packRows(loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }).pack);

  it('takes offences with the ICCS section named in English and the SGBV flag', () => {
    expect(rows.offence).toContainEqual({
      article: '154',
      labels: { en: 'Rape', ky: 'Зордуктоо', ru: 'Изнасилование' },
      severity: 'grave',
      iccs_code: '03011',
      iccs_section: '03 Injurious acts of a sexual nature',
      sexual_or_gender_based_violence: true,
    });
  });

  it('takes districts with their region, and courts with theirs (null for a national court)', () => {
    expect(rows.district).toContainEqual(expect.objectContaining({ region: 'KG-GB', code: 'leninsky' }));
    expect(rows.court).toContainEqual(expect.objectContaining({ code: 'SC-KG', level: 'supreme', region: null }));
    expect(rows.region).toHaveLength(loadJurisdiction({ ICJIMS_JURISDICTION: 'KG' }).pack.regions.length);
  });
});
