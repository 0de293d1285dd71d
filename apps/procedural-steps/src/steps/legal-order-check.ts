import { CaseStatus } from '@icjims/contracts';
import { KnownCase } from '../known-cases/known-case.entity';
import type { StepProposal } from './journal-writer';
import { ProceduralStep } from './step.entity';

/** Placeholder until the legal-order rules land: accepts every step, keeps the status. */
export function checkLegalOrder(known: KnownCase, _journal: ProceduralStep[], _proposal: StepProposal): { status: CaseStatus } {
  return { status: known.status };
}
