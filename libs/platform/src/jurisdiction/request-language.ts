import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Jurisdiction } from '@icjims/jurisdiction';

type WithLanguage = Request & { language?: string };

/**
 * Picks the response language from Accept-Language among the pack's languages (English when
 * none fits; a malformed header counts as none) and says so in Content-Language. Codes and
 * problem types never change with it; labels and titles do.
 */
export function requestLanguageMiddleware(jurisdiction: Jurisdiction) {
  return (request: WithLanguage, response: Response, next: NextFunction): void => {
    const language = jurisdiction.language(request.headers['accept-language']);
    request.language = language;
    response.setHeader('Content-Language', language);
    response.vary('Accept-Language');
    next();
  };
}

/** The request's language tag (en, ky, ru, kk …), as requestLanguageMiddleware chose it. */
export const RequestLanguage = createParamDecorator((_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<WithLanguage>().language ?? 'en');
