import type { Request, Response } from 'express';
import { accessNotesMiddleware, accessNotesOf, currentPurpose, noteAccessFlag, noteConsultedPersons } from './access-notes';
import { AccessPurposeList, DEFAULT_ACCESS_PURPOSES } from './access-purposes';

const purposes = new AccessPurposeList(DEFAULT_ACCESS_PURPOSES);

/** Runs `work` as a handler behind the notes middleware, for a request with these headers. */
function inRequest(headers: Record<string, string>, work: () => void): Request {
  const request = { headers } as unknown as Request;
  accessNotesMiddleware(purposes)(request, {} as Response, work);
  return request;
}

describe('access notes', () => {
  it('collect the persons a handler consulted, each once, and its flags', () => {
    const request = inRequest({}, () => {
      noteConsultedPersons(['p-1', 'p-2']);
      noteConsultedPersons(new Set(['p-2', 'p-3']));
      noteAccessFlag('restricted-record');
      noteAccessFlag('restricted-record');
    });
    expect([...accessNotesOf(request)!.personIds]).toEqual(['p-1', 'p-2', 'p-3']);
    expect([...accessNotesOf(request)!.flags]).toEqual(['restricted-record']);
  });

  it('keep requests apart, also across awaits', async () => {
    const finished: Promise<void>[] = [];
    const noteLater = (personId: string, delayMs: number) => async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      noteConsultedPersons([personId]);
    };
    const first = inRequest({}, () => finished.push(noteLater('first', 10)()));
    const second = inRequest({}, () => finished.push(noteLater('second', 1)()));
    await Promise.all(finished);
    expect([...accessNotesOf(first)!.personIds]).toEqual(['first']);
    expect([...accessNotesOf(second)!.personIds]).toEqual(['second']);
  });

  it('give the stated purpose when it is a configured code, and none otherwise', () => {
    const stated: (string | undefined)[] = [];
    inRequest({ 'x-purpose': 'investigation' }, () => stated.push(currentPurpose()));
    inRequest({ 'x-purpose': 'curiosity' }, () => stated.push(currentPurpose()));
    inRequest({}, () => stated.push(currentPurpose()));
    expect(stated).toEqual(['investigation', undefined, undefined]);
  });

  it('are no-ops outside a request', () => {
    expect(() => noteConsultedPersons(['p-1'])).not.toThrow();
    expect(() => noteAccessFlag('restricted-record')).not.toThrow();
    expect(currentPurpose()).toBeUndefined();
  });
});
