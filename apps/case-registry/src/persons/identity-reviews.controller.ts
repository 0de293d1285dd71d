import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@icjims/auth';
import { AccessTo, ApiProblems, UuidParam } from '@icjims/platform';
import { PageQuery } from './dto/page-query.dto';
import { IdentityReviewListDto, IdentityReviewResolutionDto, ResolveIdentityReviewDto } from './dto/identity-review.dto';
import { IdentityReviewsService } from './identity-reviews.service';

@ApiTags('persons')
@Controller('persons/identity-reviews')
@Roles('admin')
export class IdentityReviewsController {
  constructor(private readonly reviews: IdentityReviewsService) {}

  @Get()
  @AccessTo({ action: 'list-identity-reviews', resourceType: 'person', purpose: 'required' })
  @ApiOperation({
    summary: 'Provisional person records waiting for an identity review, oldest first',
    description:
      'A provisional record is made when a regional caller adds a person with a national ID that a record out of their reach holds: it keeps the caller’s facts, and the ID as claimed. A national admin only (a regional admin is 403). Pass the previous page’s nextCursor as `cursor`.',
  })
  @ApiOkResponse({ type: IdentityReviewListDto })
  @ApiProblems(400)
  pending(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<IdentityReviewListDto> {
    return this.reviews.pending(query, principal);
  }

  @Post(':personId/resolutions')
  @AccessTo({ action: 'resolve-identity-review', resourceType: 'person', resourceIdParam: 'personId', personIdParam: 'personId' })
  @ApiOperation({
    summary: 'Resolve an identity review: merge the provisional record into the national ID’s holder, or dismiss it',
    description:
      'merge follows the merge rules (the record with the national ID survives; the provisional record’s roles move to it, one PersonMerged per case), so the caller’s region then sees the holder’s record; dismiss keeps both records apart. A national admin only. A review resolved before is a 409; a person with no review is a 404.',
  })
  @ApiCreatedResponse({ type: IdentityReviewResolutionDto })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  resolve(
    @UuidParam('personId') personId: string,
    @Body() body: ResolveIdentityReviewDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IdentityReviewResolutionDto> {
    return this.reviews.resolve(personId, body, principal);
  }
}
