import { randomUUID } from 'node:crypto';
import { CaseRegistered } from './case-registry.events';
import { newCloudEvent, parseCloudEvent } from './cloud-event';
import { formatTraceparent, isValidTracestate, parseTraceparent, validTracingOf } from './cloud-event-tracing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('parseTraceparent', () => {
  it('reads the four fields of a version-00 traceparent', () => {
    expect(parseTraceparent(TRACEPARENT)).toEqual({ version: '00', traceId: TRACE_ID, parentId: SPAN_ID, flags: 1 });
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-00`)?.flags).toBe(0);
  });

  it('accepts a later version with fields of its own after the fourth', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01-what-comes-next`)).toMatchObject({ version: '01', traceId: TRACE_ID });
  });

  it.each([
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with a fifth field', `${TRACEPARENT}-extra`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['no flags', `00-${TRACE_ID}-${SPAN_ID}`],
    ['spaces around it', ` ${TRACEPARENT} `],
    ['an empty string', ''],
    ['a number', 42],
    ['something huge', `01-${TRACE_ID}-${SPAN_ID}-01-${'x'.repeat(600)}`],
  ])('refuses %s', (_label, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00 with two-digit flags, and reads back as it was written', () => {
    const value = formatTraceparent({ traceId: TRACE_ID, parentId: SPAN_ID, flags: 1 });
    expect(value).toBe(TRACEPARENT);
    expect(parseTraceparent(value)).toEqual({ version: '00', traceId: TRACE_ID, parentId: SPAN_ID, flags: 1 });
    expect(formatTraceparent({ traceId: TRACE_ID, parentId: SPAN_ID, flags: 0 })).toBe(`00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('refuses ids that are not valid ones', () => {
    expect(() => formatTraceparent({ traceId: '0'.repeat(32), parentId: SPAN_ID, flags: 1 })).toThrow(/trace id/);
    expect(() => formatTraceparent({ traceId: TRACE_ID, parentId: 'xyz', flags: 1 })).toThrow(/span id/);
  });
});

describe('isValidTracestate', () => {
  it.each(['congo=t61rcWkgMzE', 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', 'tenant@vendor=a b', 'a=1 , b=2,'])('accepts %j', (value) => {
    expect(isValidTracestate(value)).toBe(true);
  });

  it.each([
    ['an upper-case key', 'Rojo=1'],
    ['a key of 257 characters', `r${'o'.repeat(256)}=1`],
    ['a value with =', 'rojo=a=b'],
    ['a repeated key', 'rojo=1,rojo=2'],
    ['no members', ' , '],
    ['33 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
    ['more than 512 characters', `rojo=${'v'.repeat(250)},congo=${'v'.repeat(260)}`],
    ['a control character', 'rojo=a\nb'],
    ['not a string', { rojo: 1 }],
  ])('refuses %s', (_label, value) => {
    expect(isValidTracestate(value)).toBe(false);
  });
});

describe('validTracingOf', () => {
  it('keeps a valid traceparent and tracestate', () => {
    expect(validTracingOf({ traceparent: TRACEPARENT, tracestate: 'rojo=1' })).toEqual({ traceparent: TRACEPARENT, tracestate: 'rojo=1' });
  });

  it('drops a malformed tracestate but keeps the traceparent', () => {
    expect(validTracingOf({ traceparent: TRACEPARENT, tracestate: 'Not Valid' })).toEqual({ traceparent: TRACEPARENT });
  });

  it('drops a tracestate without a valid traceparent', () => {
    expect(validTracingOf({ traceparent: 'nonsense', tracestate: 'rojo=1' })).toEqual({});
    expect(validTracingOf({ tracestate: 'rojo=1' })).toEqual({});
  });
});

describe('the distributed-tracing extension of an envelope', () => {
  const data = {
    caseId: randomUUID(),
    caseNumber: 'EE-37-2026-000001',
    region: 'EE-37',
    offence: { article: '199-1', iccsCode: '0502', severity: 'medium' },
    receivedAt: '2026-11-20T09:00:00.000Z',
    registeredAt: '2026-11-20T10:00:00.000Z',
  };

  it('is written by newCloudEvent when given, and read back by parseCloudEvent', () => {
    const event = newCloudEvent(CaseRegistered, data.caseId, data, 'req-1', { traceparent: TRACEPARENT, tracestate: 'rojo=1' });
    expect(event).toMatchObject({ traceparent: TRACEPARENT, tracestate: 'rojo=1' });
    expect(parseCloudEvent(JSON.stringify(event))).toMatchObject({ id: event.id, traceparent: TRACEPARENT, tracestate: 'rojo=1' });
  });

  it('is absent from an event made outside any trace, which parses as before', () => {
    const event = newCloudEvent(CaseRegistered, data.caseId, data, 'req-1');
    expect(Object.keys(event)).not.toContain('traceparent');
    const parsed = parseCloudEvent(JSON.stringify(event));
    expect(parsed).toEqual(event);
  });

  it('is dropped when malformed on the bus, never failing the event', () => {
    const event = { ...newCloudEvent(CaseRegistered, data.caseId, data, 'req-1'), traceparent: '00-bad', tracestate: 'rojo=1' };
    const parsed = parseCloudEvent(JSON.stringify(event));
    expect(parsed.id).toBe(event.id);
    expect(parsed).not.toHaveProperty('traceparent');
    expect(parsed).not.toHaveProperty('tracestate');
  });

  it('keeps the traceparent when only the tracestate is malformed', () => {
    const event = { ...newCloudEvent(CaseRegistered, data.caseId, data, 'req-1'), traceparent: TRACEPARENT, tracestate: 42 };
    const parsed = parseCloudEvent(JSON.stringify(event));
    expect(parsed.traceparent).toBe(TRACEPARENT);
    expect(parsed).not.toHaveProperty('tracestate');
  });
});
