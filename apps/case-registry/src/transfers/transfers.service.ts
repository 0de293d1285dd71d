import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Principal } from '@icjims/auth';
import { CaseTransferred } from '@icjims/contracts';
import { EventOutbox, UnitOfWork } from '@icjims/messaging';
import { findAccessibleCase } from '../cases/case-access';
import { CriminalCase } from '../cases/case.entity';
import { assertNoProblems } from '../field-problems';
import { jurisdictionProblems } from '../reference/jurisdiction';
import { CaseTransfer } from './case-transfer.entity';
import { TransferCaseDto } from './dto/transfer-case.dto';
import { TransferDto } from './dto/transfer.dto';
import { decideTransfer } from './transfer-rules';

const DESTINATION_FIELDS = { region: 'toRegion', district: 'toDistrict', agency: 'toAgency' };

@Injectable()
export class TransfersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: EventOutbox,
  ) {}

  /** Moves the case; from then on the new region's officers see it and the old region's do not. */
  transfer(caseId: string, command: TransferCaseDto, principal: Principal): Promise<TransferDto> {
    return this.unitOfWork.run(async (manager) => {
      const found = await findAccessibleCase(manager, caseId, principal, true);
      const destination = { region: command.toRegion, district: command.toDistrict, agency: command.toAgency };
      assertNoProblems(await jurisdictionProblems(manager, destination, DESTINATION_FIELDS));
      const to = decideTransfer(found.status, found, command);
      const transfer = manager.create(CaseTransfer, {
        id: randomUUID(),
        caseId,
        fromRegion: found.region,
        fromDistrict: found.district,
        fromAgency: found.agency,
        toRegion: to.region,
        toDistrict: to.district,
        toAgency: to.agency,
        reason: command.reason,
        transferredBy: principal.sub,
        transferredAt: new Date(),
      });
      await manager.insert(CaseTransfer, transfer);
      await manager.update(CriminalCase, { id: caseId }, to);
      // The reason stays here: it is free text.
      await this.outbox.record(manager, CaseTransferred, caseId, {
        caseId,
        fromRegion: transfer.fromRegion,
        toRegion: transfer.toRegion,
        fromAgency: transfer.fromAgency ?? undefined,
        toAgency: transfer.toAgency ?? undefined,
      });
      return toDto(transfer);
    });
  }

  history(caseId: string, principal: Principal): Promise<TransferDto[]> {
    return this.unitOfWork.run(async (manager) => {
      await findAccessibleCase(manager, caseId, principal);
      return (await manager.find(CaseTransfer, { where: { caseId }, order: { transferredAt: 'ASC' } })).map(toDto);
    });
  }
}

function toDto(transfer: CaseTransfer): TransferDto {
  return { ...transfer, transferredAt: transfer.transferredAt.toISOString() };
}
