import { InvalidInputError } from '@icjims/contracts';
import { canonicalJson, idempotencyKeyFrom, requestFingerprint } from './idempotency-key';

/** What `work` throws (fails the test if it returns). */
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('idempotencyKeyFrom', () => {
  it('reads no key from a request without the header', () => {
    expect(idempotencyKeyFrom(undefined)).toBeUndefined();
  });

  it.each([
    ['a UUID', '5f0c6a4e-8a51-4c47-9d0e-2f1f9a3b7c11'],
    ['one character', 'k'],
    ['128 characters', 'k'.repeat(128)],
    ['every visible ASCII character', '!"#$%&\'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~'],
  ])('accepts %s', (_scenario, key) => {
    expect(idempotencyKeyFrom(key)).toBe(key);
  });

  it.each([
    ['an empty value', ''],
    ['129 characters', 'k'.repeat(129)],
    ['a space', 'my key'],
    ['a tab', 'my\tkey'],
    ['non-ASCII letters', 'võti'],
    ['the header sent twice (Node joins them with a comma and a space)', 'first, second'],
  ])('refuses %s as invalid input naming the header', (_scenario, key) => {
    const error = thrownBy(() => idempotencyKeyFrom(key));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields).toEqual([{ field: 'Idempotency-Key', reason: 'Idempotency-Key must be 1 to 128 visible ASCII characters' }]);
  });

  it('refuses a header given as a list', () => {
    expect(() => idempotencyKeyFrom(['one', 'two'])).toThrow(InvalidInputError);
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('writes a missing body as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('tells strings from numbers', () => {
    expect(canonicalJson({ count: '1' })).not.toBe(canonicalJson({ count: 1 }));
  });
});

describe('requestFingerprint', () => {
  const body = { label: 'knife', count: 1 };

  it('is the same for the same request with its keys in another order', () => {
    expect(requestFingerprint('POST', '/api/v1/exhibits', body)).toBe(requestFingerprint('POST', '/api/v1/exhibits', { count: 1, label: 'knife' }));
  });

  it.each([
    ['another body', 'POST', '/api/v1/exhibits', { ...body, count: 2 }],
    ['another path (another case id)', 'POST', '/api/v1/cases/0b9e/steps', body],
    ['another method', 'PUT', '/api/v1/exhibits', body],
  ])('differs for %s', (_scenario, method, path, other) => {
    expect(requestFingerprint(method, path, other)).not.toBe(requestFingerprint('POST', '/api/v1/exhibits', body));
  });

  it('is a sha256 in hex', () => {
    expect(requestFingerprint('POST', '/api/v1/exhibits', body)).toMatch(/^[0-9a-f]{64}$/);
  });
});
