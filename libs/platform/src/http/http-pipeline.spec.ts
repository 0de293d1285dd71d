import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { inSequence } from './http-pipeline';

/** Runs the middleware and resolves with what it passed on (undefined: the request went on). */
function outcome(middleware: RequestHandler): Promise<unknown> {
  return new Promise((resolve) => middleware({} as Request, {} as Response, ((error?: unknown) => resolve(error ?? 'passed on')) as NextFunction));
}

describe('middlewares in sequence', () => {
  it('run in their order, each when the one before passes the request on (at once or later), and then pass it on', async () => {
    const ran: string[] = [];
    const step =
      (name: string, later = false): RequestHandler =>
      (_request, _response, next) => {
        ran.push(name);
        if (later) setImmediate(next);
        else next();
      };
    await expect(outcome(inSequence(step('a'), step('b', true), step('c')))).resolves.toBe('passed on');
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('skip the rest after an error passed to next, thrown, or a rejected promise returned', async () => {
    const ran: string[] = [];
    const after: RequestHandler = (_request, _response, next) => {
      ran.push('after');
      next();
    };
    const failures: [string, RequestHandler][] = [
      ['passed', (_request, _response, next) => next(new Error('passed'))],
      [
        'thrown',
        () => {
          throw new Error('thrown');
        },
      ],
      ['rejected', (async () => Promise.reject(new Error('rejected'))) as unknown as RequestHandler],
    ];
    for (const [name, failing] of failures) {
      await expect(outcome(inSequence(failing, after))).resolves.toEqual(new Error(name));
    }
    expect(ran).toEqual([]);
  });

  it('with none, pass the request on', async () => {
    await expect(outcome(inSequence())).resolves.toBe('passed on');
  });
});
