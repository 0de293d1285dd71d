import { DomainError } from '@icjims/contracts';

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly problemType = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}
