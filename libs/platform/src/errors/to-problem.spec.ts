import { BadRequestException, HttpException, InternalServerErrorException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import {
  ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError, UnauthenticatedError,
} from '@icjims/contracts';
import { toProblem } from './to-problem';
import { UnsupportedMediaTypeError } from './unsupported-media-type.error';

/** What body-parser passes to next(): an Error with `type`, `status` and, for parse failures, the body. */
function bodyParserError(fields: { type: string; status: number; message: string; body?: string }): Error {
  return Object.assign(new Error(fields.message), { expose: true, statusCode: fields.status, ...fields });
}

describe('toProblem', () => {
  it.each<[string, DomainError, number, string, string]>([
    ['InvalidInputError', new InvalidInputError('The request has 1 invalid field'), 400, 'invalid-input', 'Invalid input'],
    ['UnauthenticatedError', new UnauthenticatedError('the token has expired'), 401, 'unauthenticated', 'Authentication required'],
    ['ForbiddenError', new ForbiddenError('region KG-GB may not access resources of region KG-C'), 403, 'forbidden', 'Forbidden'],
    ['NotFoundError', new NotFoundError('no case 5b0c…'), 404, 'not-found', 'Not found'],
    ['ConflictError', new ConflictError('the case was changed meanwhile'), 409, 'conflict', 'Conflict'],
    ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError('The request body must be application/json'), 415, 'unsupported-media-type', 'Unsupported media type'],
    ['RuleViolationError', new RuleViolationError('an indictment needs a suspicion first'), 422, 'rule-violation', 'Not allowed by the rules'],
  ])('maps a %s to its status, type and title and keeps its message as detail', (_name, error, status, slug, title) => {
    expect(toProblem(error)).toEqual({ type: `urn:icjims:problem:${slug}`, title, status, detail: error.message });
  });

  it('lists the offending fields of an InvalidInputError', () => {
    const fields = [
      { field: 'region', reason: 'region must be a string' },
      { field: 'offence.article', reason: 'article must be shorter than or equal to 32 characters' },
    ];
    expect(toProblem(new InvalidInputError('The request has 2 invalid fields', fields))).toMatchObject({ status: 400, errors: fields });
  });

  it('leaves out the errors list when an InvalidInputError names no field', () => {
    expect(toProblem(new InvalidInputError('bad'))).not.toHaveProperty('errors');
  });

  it('maps Nest’s 404 for an unknown route to a not-found problem that does not echo the URL', () => {
    expect(toProblem(new NotFoundException('Cannot GET /api/v1/nowhere?surname=Tamm'))).toEqual({
      type: 'urn:icjims:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such endpoint',
    });
  });

  it('maps an HttpException with a status it has no name for to a generic client problem', () => {
    expect(toProblem(new HttpException('I am a teapot', 418))).toEqual({
      type: 'urn:icjims:problem:bad-request',
      title: 'Bad request',
      status: 418,
      detail: 'I am a teapot',
    });
  });

  it('does not echo an HttpException about JSON, whose message quotes the body', () => {
    const problem = toProblem(new BadRequestException('Unexpected token s in JSON at position 1: {secret-national-id'));
    expect(problem).toMatchObject({ status: 400, detail: 'The request body is not valid JSON' });
    expect(JSON.stringify(problem)).not.toContain('secret-national-id');
  });

  it('hides the message of a 5xx HttpException', () => {
    const problem = toProblem(new InternalServerErrorException('pool exhausted at db.internal:5432'));
    expect(problem).toEqual({
      type: 'urn:icjims:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'The service could not complete the request',
    });
  });

  it('maps a too-large body to 413 payload-too-large', () => {
    const error = bodyParserError({ type: 'entity.too.large', status: 413, message: 'request entity too large' });
    expect(toProblem(error)).toEqual({
      type: 'urn:icjims:problem:payload-too-large',
      title: 'Request body too large',
      status: 413,
      detail: 'The request body exceeds the size limit',
    });
  });

  it('maps a JSON parse failure to 400 without echoing the body', () => {
    const body = '{"nationalId": "21503199012345", oops';
    const error = bodyParserError({ type: 'entity.parse.failed', status: 400, message: `Unexpected token o in JSON: ${body}`, body });
    const problem = toProblem(error);
    expect(problem).toEqual({
      type: 'urn:icjims:problem:invalid-input',
      title: 'Invalid input',
      status: 400,
      detail: 'The request body is not valid JSON',
    });
    expect(JSON.stringify(problem)).not.toContain('21503199012345');
  });

  it('maps a Nest PayloadTooLargeException to 413 too', () => {
    expect(toProblem(new PayloadTooLargeException())).toMatchObject({ status: 413, type: 'urn:icjims:problem:payload-too-large' });
  });

  it('maps an unknown body-parser type like any other unexpected error', () => {
    const error = bodyParserError({ type: 'stream.not.readable', status: 500, message: 'stream is not readable' });
    expect(toProblem(error)).toMatchObject({ status: 500, detail: 'The service could not complete the request' });
  });

  it.each([
    ['an Error whose message holds a secret', new Error('password authentication failed for user "icjims" (password=hunter2)')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'hunter2')")],
    ['a thrown string', 'hunter2'],
    ['undefined', undefined],
    ['an object with a status', { status: 418, message: 'hunter2' }],
  ])('maps %s to a bare 500 with a generic detail', (_scenario, error) => {
    const problem = toProblem(error);
    expect(problem).toEqual({
      type: 'urn:icjims:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'The service could not complete the request',
    });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
  it.each<[string, unknown]>([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a server shutting down (57P01), wrapped by TypeORM', Object.assign(new Error('terminating connection due to administrator command'), { name: 'QueryFailedError', driverError: { code: '57P01' } })],
    ['a server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection cut', new Error('Connection terminated unexpectedly')],
    ['a transaction whose connection broke', Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })],
  ])('maps %s to 503: the database is unavailable, nothing was changed', (_name, error) => {
    expect(toProblem(error)).toMatchObject({ type: 'urn:icjims:problem:unavailable', status: 503, title: 'Service unavailable' });
  });

  it('keeps other database errors a bare 500', () => {
    expect(toProblem(Object.assign(new Error('duplicate key value violates unique constraint "cases_pkey"'), { code: '23505' }))).toMatchObject({ status: 500 });
  });
});
