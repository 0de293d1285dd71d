import { randomUUID } from 'node:crypto';
import { CaseRegisteredV1 } from '@icjims/contracts';

/** Test data for this library's suites (not exported): a valid CaseRegistered payload. */
export function caseRegisteredData(overrides: Partial<CaseRegisteredV1> = {}): CaseRegisteredV1 {
  return {
    caseId: randomUUID(),
    caseNumber: 'EE-37-2026-000001',
    region: 'EE-37',
    offence: { article: '199-1', iccsCode: '0502', severity: 'medium' },
    receivedAt: '2026-11-20T09:00:00.000Z',
    registeredAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}
