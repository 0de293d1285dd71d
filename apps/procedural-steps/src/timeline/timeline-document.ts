import { correctionFromDetails } from '../legal-order';
import type { StepDetails } from '../steps/step-rules';
import { CaseJournalVerificationDto } from '../journal-tree/dto/journal-tree.dto';
import { timelineText, TimelineText } from '../i18n/texts';
import { TimelineDto, TimelineEntryDto } from './dto/timeline.dto';

type Say = (key: TimelineText, values?: Record<string, string | number>) => string;

/** The timeline as a self-contained, printable HTML document in `language`. Pure; every value is escaped. */
export function renderTimelineDocument(timeline: TimelineDto, language = 'en'): string {
  const say: Say = (key, values) => timelineText(language, key, values);
  const sequenceOf = new Map(timeline.entries.map(({ step }) => [step.id, step.sequence]));
  const rows = timeline.entries.map((entry) => renderEntry(entry, sequenceOf, say)).join('\n');
  const integrity = integrityLine(timeline.integrity, say);
  const headings = (['sequence', 'step', 'occurred', 'recorded', 'person', 'details', 'corrections'] as const).map((key) => `<th>${escape(say(key))}</th>`).join('');
  return `<!DOCTYPE html>
<html lang="${escape(language)}">
<head>
<meta charset="utf-8">
<title>${escape(say('documentTitle', { caseNumber: timeline.caseNumber }))}</title>
<style>
  body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; }
  h1 { font-size: 16pt; margin-bottom: 0.2em; }
  dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
  dt { font-weight: 600; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
  tr.annulled td { text-decoration: line-through; color: #666; }
  .note { font-size: 9pt; color: #444; }
  @media print { body { margin: 0; } tr { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escape(say('heading', { caseNumber: timeline.caseNumber }))}</h1>
<dl>
  <dt>${escape(say('region'))}</dt><dd>${escape(timeline.region)}</dd>
  <dt>${escape(say('status'))}</dt><dd>${escape(timeline.status)}</dd>
  <dt>${escape(say('steps'))}</dt><dd>${timeline.version}</dd>
  <dt>${escape(say('integrity'))}</dt><dd>${escape(integrity)}</dd>
  <dt>${escape(say('printed'))}</dt><dd>${escape(timeline.generatedAt)}</dd>
</dl>
<table>
<thead><tr>${headings}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function renderEntry(entry: TimelineEntryDto, sequenceOf: Map<string, number>, say: Say): string {
  const { step } = entry;
  const late = step.recordedLate ? ` <span class="note">${escape(say('recordedLate'))}</span>` : '';
  const corrects = step.correctsStepId
    ? `<div class="note">${escape(say('correctsStep', { sequence: sequenceOf.get(step.correctsStepId) ?? step.correctsStepId }))}</div>`
    : '';
  const details = step.correctsStepId ? describeCorrection(step.correctsStepId, step.details, say) : formatDetails(step.details);
  const corrections = entry.correctedBy.map((note) => escape(say('correctionNote', { action: say(note.action), sequence: note.sequence, reason: note.reason }))).join('<br>');
  const effective =
    entry.standing === 'amended' && entry.effective
      ? `<div class="note">${escape(say('inEffect', { occurredAt: entry.effective.occurredAt, details: formatDetails(entry.effective.details) }))}</div>`
      : '';
  const recorded = escape(say('recordedBy', { recordedAt: step.recordedAt, recordedBy: step.recordedBy }));
  return `<tr class="${entry.standing}"><td>${step.sequence}</td><td>${escape(entry.title)}${corrects}</td><td>${escape(step.occurredAt)}${effective}</td><td>${recorded}${late}</td><td>${escape(step.personId ?? '')}</td><td>${escape(details)}</td><td>${corrections}</td></tr>`;
}

/** A correction in words: what it does to the step it corrects, and why. */
function describeCorrection(correctsStepId: string, details: StepDetails, say: Say): string {
  const correction = correctionFromDetails(correctsStepId, details);
  if (correction.action === 'annul') return say('annulled', { reason: correction.reason });
  const changes = [
    ...(correction.occurredAt ? [say('changedOccurredAt', { occurredAt: correction.occurredAt.toISOString() })] : []),
    ...(correction.personId ? [say('changedPerson', { personId: correction.personId })] : []),
    ...(correction.details ? [say('changedDetails', { details: formatDetails(correction.details) || say('noDetails') })] : []),
  ];
  return say('amendedTo', { changes: changes.join('; '), reason: correction.reason });
}

function formatDetails(details: StepDetails): string {
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** The hash chain's and the signed checkpoint's verdict, in one line. */
function integrityLine(integrity: CaseJournalVerificationDto, say: Say): string {
  const checkpoint = integrity.checkpoint
    ? say('provenInCheckpoint', { proven: integrity.provenInCheckpoint, timestamp: integrity.checkpoint.timestamp, awaiting: integrity.awaitingCheckpoint })
    : say('noCheckpoint');
  if (integrity.valid) return say('intact', { checked: integrity.checked, checkpoint });
  return say('broken', { sequence: integrity.firstBrokenSequence ?? '?', problem: integrity.problem ?? 'chain-broken', checked: integrity.checked });
}
