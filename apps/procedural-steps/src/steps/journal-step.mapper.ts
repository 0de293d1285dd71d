import { EntityManager, In } from 'typeorm';
import { correctionFromDetails, JournalStep } from '../legal-order';
import { PersonAlias } from '../known-cases/person-alias.entity';
import { ProceduralStep } from './step.entity';

/** A stored step as the legal-order rules read it, with the person ids it was recorded with. */
export function toJournalStep(step: ProceduralStep): JournalStep {
  return {
    stepId: step.id,
    stepType: step.stepType,
    occurredAt: step.occurredAt,
    ...(step.personId ? { personId: step.personId } : {}),
    details: step.correctsStepId ? {} : step.details,
    ...(step.correctsStepId ? { correction: correctionFromDetails(step.correctsStepId, step.details) } : {}),
  };
}

/**
 * The stored steps as the rules read them, each person id of a record since merged into
 * another replaced by the live record's: a person's standing follows them through a merge,
 * so steps recorded under either id concern one person.
 */
export async function journalStepsOf(manager: EntityManager, steps: ProceduralStep[]): Promise<JournalStep[]> {
  const mapped = steps.map(toJournalStep);
  const live = await liveIds(manager, mapped.flatMap(personIdsOf));
  const alive = (personId: string) => live.get(personId) ?? personId;
  return mapped.map((step) => ({
    ...step,
    ...(step.personId && { personId: alive(step.personId) }),
    ...(step.correction?.action === 'amend' && step.correction.personId && { correction: { ...step.correction, personId: alive(step.correction.personId) } }),
  }));
}

/** A case's stored journal in order, read as the rules read it (see `journalStepsOf`). */
export async function journalOf(manager: EntityManager, caseId: string): Promise<JournalStep[]> {
  return journalStepsOf(manager, await manager.find(ProceduralStep, { where: { caseId }, order: { sequence: 'ASC' } }));
}

function personIdsOf(step: JournalStep): string[] {
  return [step.personId, step.correction?.action === 'amend' ? step.correction.personId : undefined].filter((id): id is string => id !== undefined);
}

/** Merged id → live id, following chains of merges (a survivor may itself be merged later). */
async function liveIds(manager: EntityManager, personIds: string[]): Promise<Map<string, string>> {
  const survivorOf = new Map<string, string>();
  for (let asked = [...new Set(personIds)]; asked.length; ) {
    const aliases = await manager.find(PersonAlias, { where: { mergedPersonId: In(asked) } });
    for (const alias of aliases) survivorOf.set(alias.mergedPersonId, alias.survivingPersonId);
    asked = aliases.map((alias) => alias.survivingPersonId).filter((id) => !survivorOf.has(id));
  }
  const live = new Map<string, string>();
  for (const merged of survivorOf.keys()) {
    let id = merged;
    const seen = new Set<string>();
    // A merge never points back, but a loop in the data must not hang the service.
    while (survivorOf.has(id) && !seen.has(id)) {
      seen.add(id);
      id = survivorOf.get(id) as string;
    }
    live.set(merged, id);
  }
  return live;
}
