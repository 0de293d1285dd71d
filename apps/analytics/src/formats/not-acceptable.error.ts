import { DomainError } from '@icjims/contracts';
import { TABLE_CONTENT_TYPES } from './negotiate';

/** The client accepts none of the formats a table comes in. */
export class NotAcceptableError extends DomainError {
  readonly status = 406;
  readonly problemType = 'not-acceptable';
  readonly title = 'Not acceptable';

  constructor() {
    super(`a table is available as ${TABLE_CONTENT_TYPES.join(', ')}; ask for one of them in Accept, or by the path's extension (.json, .csv, .jsonstat, .sdmx.csv)`);
  }
}
