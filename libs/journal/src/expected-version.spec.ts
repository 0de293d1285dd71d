import { ConflictError, InvalidInputError } from '@icjims/contracts';
import { assertExpectedVersion, expectedVersionOf, journalEtag } from './expected-version';

describe('expectedVersionOf', () => {
  it('takes the body’s version when there is no If-Match', () => {
    expect(expectedVersionOf(3, undefined)).toBe(3);
    expect(expectedVersionOf(undefined, undefined)).toBeUndefined();
  });

  it.each([['"7"'], ['W/"7"'], [' "7" ']])('reads If-Match %s as version 7', (header) => {
    expect(expectedVersionOf(undefined, header)).toBe(7);
  });

  it('reads back the ETag it gives', () => {
    expect(expectedVersionOf(undefined, journalEtag(12))).toBe(12);
  });

  it('accepts both when they agree', () => {
    expect(expectedVersionOf(7, '"7"')).toBe(7);
  });

  it.each([['7'], ['"seven"'], ['*'], ['"7", "8"']])('refuses If-Match %s naming the header', (header) => {
    expect(() => expectedVersionOf(undefined, header)).toThrow(InvalidInputError);
  });

  it('refuses two versions that disagree', () => {
    expect(() => expectedVersionOf(6, '"7"')).toThrow('two different expected versions');
  });
});

describe('assertExpectedVersion', () => {
  const head = { version: 4, lastHash: 'ab'.repeat(32) };

  it('lets a write decided on the head’s version, or on none, through', () => {
    expect(() => assertExpectedVersion(head, 4)).not.toThrow();
    expect(() => assertExpectedVersion(head, undefined)).not.toThrow();
  });

  it('refuses a write decided on another version with a conflict saying both', () => {
    expect(() => assertExpectedVersion(head, 3)).toThrow(ConflictError);
    expect(() => assertExpectedVersion(head, 3)).toThrow('the journal is at version 4, not the expected 3');
  });
});
