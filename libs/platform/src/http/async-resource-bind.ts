import { AsyncResource } from 'node:async_hooks';

/**
 * Makes `AsyncResource#bind` (and so the static `AsyncResource.bind`) what it is in Node.js 25:
 * the bound function without the `asyncResource` property, deprecated since Node.js 20 (DEP0172)
 * and removed in 25 (nodejs/node#58618). Node 20 defines that property with two `deprecate()`
 * wrappers per call, each re-parenting a fresh function (`Object.setPrototypeOf`), which keeps
 * request garbage alive through young-generation collections (nodejs/node#58218). Nest binds
 * one function per interceptor per request, three per request here. Nothing in this
 * repository or its dependencies reads the property. Returns whether it changed anything
 * (not on a Node.js that no longer adds the property); once per process is enough.
 */
export function useAsyncResourceBindWithoutDeprecatedProperty(): boolean {
  if (!('asyncResource' in new AsyncResource('probe').bind(() => undefined))) return false;
  AsyncResource.prototype.bind = function bind(this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown) {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    const resource = this; // eslint-disable-line @typescript-eslint/no-this-alias -- as Node's own: the caller's `this` goes to fn
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : resource.runInAsyncScope.bind(resource, fn, thisArg);
    return Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
  } as typeof AsyncResource.prototype.bind;
  return true;
}
