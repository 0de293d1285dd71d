import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldProblem } from '@icjims/contracts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem type URI for a slug; documented in docs/api-guide.md. */
export function problemTypeUri(slug: string): string {
  return `urn:icjims:problem:${slug}`;
}

export class FieldProblemDto implements FieldProblem {
  @ApiProperty({ example: 'offenceArticle' }) field: string;
  @ApiProperty({ example: 'offenceArticle must be a string' }) reason: string;
}

/** RFC 9457 problem details: every 4xx/5xx body of every service. */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:icjims:problem:invalid-input' }) type: string;
  @ApiProperty({ example: 'Invalid input' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'The request has 1 invalid field' }) detail: string;
  @ApiPropertyOptional({ example: '/api/v1/cases' }) instance?: string;
  @ApiPropertyOptional({ description: 'Correlation id of the request; quote it when reporting a problem' }) correlationId?: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'For invalid input: each offending field and why' })
  errors?: FieldProblemDto[];
}
