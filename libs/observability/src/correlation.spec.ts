import { correlationIdFrom, currentCorrelationId, withCorrelationId } from './correlation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFrom', () => {
  it.each(['req-1', 'a1b2c3', 'trace:span.7_x', 'x'.repeat(128)])('keeps a plain caller-supplied id (%s)', (id) => {
    expect(correlationIdFrom(id)).toBe(id);
  });

  it('takes the first of repeated headers', () => {
    expect(correlationIdFrom(['first-id', 'second-id'])).toBe('first-id');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['an id that is too long', 'x'.repeat(129)],
    ['an id with a newline (log forging)', 'req-1\n{"level":60,"msg":"forged"}'],
    ['an id with spaces', 'req 1'],
    ['an id with markup', '<script>'],
    ['an id ending in a line break', 'req-1\n'],
    ['an id with a NUL', 'req\u00001'],
    ['an id with a tab', 'req\t1'],
    ['an id with latin-1 bytes', 'req-\u00e9'],
    ['an id with an unpaired surrogate', 'req-\ud800'],
    ['an id with percent escapes', 'req%0A1'],
    ['repeated headers whose first is unsafe', ['req\n1', 'req-2']],
  ])('makes a fresh UUID for %s', (_scenario, header) => {
    expect(correlationIdFrom(header)).toMatch(UUID);
  });
});

describe('withCorrelationId', () => {
  it('makes the id current inside, across awaits, and not outside', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await withCorrelationId('req-9', async () => {
      const before = currentCorrelationId();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [before, currentCorrelationId()];
    });
    expect(seen).toEqual(['req-9', 'req-9']);
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('lets an inner scope override the outer one for its duration', () => {
    const seen = withCorrelationId('outer', () => [withCorrelationId('inner', () => currentCorrelationId()), currentCorrelationId()]);
    expect(seen).toEqual(['inner', 'outer']);
  });
});
