import { ConfigError } from '@icjims/platform';
import { readPersonsConfig } from './persons-config';

describe('readPersonsConfig', () => {
  it('defaults to the sample country and its time zone', () => {
    expect(readPersonsConfig({})).toEqual({ nationalCountry: 'EE', timeZone: 'Europe/Tallinn' });
    expect(readPersonsConfig({ CASE_REGISTRY_NATIONAL_COUNTRY: '', CASE_REGISTRY_TIME_ZONE: '' })).toEqual({ nationalCountry: 'EE', timeZone: 'Europe/Tallinn' });
  });

  it('takes a configured country and time zone', () => {
    expect(readPersonsConfig({ CASE_REGISTRY_NATIONAL_COUNTRY: 'LV', CASE_REGISTRY_TIME_ZONE: 'Europe/Riga' })).toEqual({ nationalCountry: 'LV', timeZone: 'Europe/Riga' });
  });

  it.each(['lv', 'LVA', 'XX', 'QQ'])('refuses the country %p naming the variable', (value) => {
    expect(() => readPersonsConfig({ CASE_REGISTRY_NATIONAL_COUNTRY: value })).toThrow(ConfigError);
    expect(() => readPersonsConfig({ CASE_REGISTRY_NATIONAL_COUNTRY: value })).toThrow(/CASE_REGISTRY_NATIONAL_COUNTRY must be/);
  });

  it('refuses a time zone that does not exist, naming the variable', () => {
    expect(() => readPersonsConfig({ CASE_REGISTRY_TIME_ZONE: 'Europe/Atlantis' })).toThrow(/CASE_REGISTRY_TIME_ZONE must be an IANA time zone/);
  });
});
