import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { useAsyncResourceBindWithoutDeprecatedProperty } from './async-resource-bind';

describe('AsyncResource#bind without the deprecated asyncResource property', () => {
  const original = AsyncResource.prototype.bind;
  beforeAll(() => useAsyncResourceBindWithoutDeprecatedProperty());
  afterAll(() => {
    AsyncResource.prototype.bind = original;
  });

  it('runs the function in the context it was bound in, as Node binds it', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request 1', () => AsyncResource.bind(() => storage.getStore()));
    await storage.run('request 2', async () => {
      expect(bound()).toBe('request 1');
      expect(storage.getStore()).toBe('request 2');
    });
  });

  it('passes the caller’s this and arguments, or the bound this, and keeps the length', () => {
    const resource = new AsyncResource('test');
    function describeCall(this: unknown, a: number, b: number) {
      return { self: this, sum: a + b };
    }
    const receiver = { name: 'receiver' };
    const unbound = resource.bind(describeCall);
    expect(unbound.call(receiver, 1, 2)).toEqual({ self: receiver, sum: 3 });
    expect(unbound.length).toBe(2);
    const boundThis = { name: 'bound' };
    // Node's bind takes a thisArg (its types do not say so).
    const bindWithThis = resource.bind.bind(resource) as unknown as (fn: typeof describeCall, thisArg: object) => typeof describeCall;
    expect(bindWithThis(describeCall, boundThis).call(receiver, 2, 3)).toEqual({ self: boundThis, sum: 5 });
  });

  it('adds no asyncResource property and refuses what is not a function', () => {
    expect('asyncResource' in AsyncResource.bind(() => undefined)).toBe(false);
    expect(() => new AsyncResource('test').bind('no function' as never)).toThrow('must be of type function');
  });

  it('changes nothing when installed again', () => {
    const installed = AsyncResource.prototype.bind;
    expect(useAsyncResourceBindWithoutDeprecatedProperty()).toBe(false);
    expect(AsyncResource.prototype.bind).toBe(installed);
  });
});
