import { ConflictError, ForbiddenError, RuleViolationError } from '@icjims/contracts';
import { UnprocessableEventError } from '@icjims/messaging';

/**
 * What the system gives from another service's event: a refusal of the legal order can never
 * pass on a redelivery, so the event is dead-lettered with the reason instead of retried.
 */
export async function asUnprocessable<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof RuleViolationError || error instanceof ConflictError || error instanceof ForbiddenError) {
      throw new UnprocessableEventError(`${what}: ${error.message}`);
    }
    throw error;
  }
}
