/** Pure rules of moving a case to another region, district or agency; no framework, no database. */
import { CaseStatus, ConflictError } from '@icjims/contracts';
import { assertCaseOpen } from '../cases/case-rules';

export interface Place {
  region: string;
  district: string | null;
  agency: string | null;
}

export interface TransferRequest {
  toRegion: string;
  toDistrict?: string;
  toAgency?: string;
}

/**
 * Where the case goes. What the request leaves out stays, except the district: a district
 * belongs to its region, so moving to another region without naming one leaves none.
 */
export function decideTransfer(status: CaseStatus, from: Place, request: TransferRequest): Place {
  assertCaseOpen(status, 'transferred');
  const to: Place = {
    region: request.toRegion,
    district: request.toDistrict ?? (request.toRegion === from.region ? from.district : null),
    agency: request.toAgency ?? from.agency,
  };
  if (to.region === from.region && to.district === from.district && to.agency === from.agency) {
    throw new ConflictError(`the case already is in region ${from.region}, district ${from.district ?? 'none'}, agency ${from.agency ?? 'none'}`);
  }
  return to;
}
