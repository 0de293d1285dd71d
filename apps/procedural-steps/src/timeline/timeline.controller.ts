import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, RequestLanguage, UuidParam } from '@icjims/platform';
import { TimelineDto } from './dto/timeline.dto';
import { renderTimelineDocument } from './timeline-document';
import { TimelineService } from './timeline.service';

@ApiTags('steps')
@Controller('cases/:caseId/timeline')
@Roles('prosecutor', 'investigator', 'admin', 'auditor')
export class TimelineController {
  constructor(private readonly timelines: TimelineService) {}

  @Get()
  @AccessTo({ action: 'read', resourceType: 'timeline', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({
    summary: 'The case’s full journal in order, each step with its corrections and the values in effect',
    description:
      'It names the persons of the case’s person-level steps: state why you consult it (X-Purpose); the persons named are recorded in the access log. Step titles are in the request language (Accept-Language).',
  })
  @ApiOkResponse({ type: TimelineDto })
  @ApiProblems(400, 404)
  get(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<TimelineDto> {
    return this.timelines.timeline(caseId, principal, language);
  }

  @Get('document')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @AccessTo({ action: 'print', resourceType: 'timeline', caseIdParam: 'caseId', purpose: 'required' })
  @ApiOperation({
    summary: 'The timeline as a printable HTML document (print it, or save it as PDF from a browser)',
    description: 'Like the timeline, it needs X-Purpose. Written in the request language (Accept-Language).',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A self-contained HTML document', schema: { type: 'string' } })
  @ApiProblems(400, 404)
  async document(@UuidParam('caseId') caseId: string, @CurrentPrincipal() principal: Principal, @RequestLanguage() language: string): Promise<string> {
    return renderTimelineDocument(await this.timelines.timeline(caseId, principal, language), language);
  }
}
