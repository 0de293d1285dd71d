import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AccessFlag } from '@icjims/contracts';
import { AccessPurposeList, PURPOSE_HEADER } from './access-purposes';

/** What a request's handlers tell the access trail beyond what the route says. */
export interface AccessNotes {
  /** Pseudonymous ids of the persons whose data the call returned or changed, in the order noted. */
  readonly personIds: Set<string>;
  readonly flags: Set<AccessFlag>;
  /** The purpose the caller stated in X-Purpose, when it is one of the configured codes. */
  purpose?: string;
}

const storage = new AsyncLocalStorage<AccessNotes>();
const NOTES = Symbol('icjims:access-notes');

type NotedRequest = Request & { [NOTES]?: AccessNotes };

/**
 * Opens the notes of each request: kept on the request (for the access trail, which may run
 * outside the handler's async context) and in AsyncLocalStorage (for the handler's code).
 */
export function accessNotesMiddleware(purposes: AccessPurposeList): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const stated = request.headers[PURPOSE_HEADER.toLowerCase()];
    const notes: AccessNotes = { personIds: new Set(), flags: new Set(), purpose: purposes.includes(stated) ? stated : undefined };
    (request as NotedRequest)[NOTES] = notes;
    storage.run(notes, next);
  };
}

/** The notes of a request (undefined outside the platform's pipeline). */
export function accessNotesOf(request: Request): AccessNotes | undefined {
  return (request as NotedRequest)[NOTES];
}

/** Notes the pseudonymous ids of the persons whose data this request returned or changed. No-op outside a request. */
export function noteConsultedPersons(personIds: Iterable<string>): void {
  const notes = storage.getStore();
  if (!notes) return;
  for (const id of personIds) notes.personIds.add(id);
}

/** Flags this request's access entry (e.g. `'restricted-record'`). No-op outside a request. */
export function noteAccessFlag(flag: AccessFlag): void {
  storage.getStore()?.flags.add(flag);
}

/** The purpose the caller stated for this request, if any and valid. */
export function currentPurpose(): string | undefined {
  return storage.getStore()?.purpose;
}
