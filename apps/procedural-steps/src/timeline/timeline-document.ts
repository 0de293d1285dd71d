import { correctionFromDetails } from '../legal-order';
import { CaseJournalVerificationDto } from '../journal-tree/dto/journal-tree.dto';
import { TimelineDto, TimelineEntryDto } from './dto/timeline.dto';

/** The timeline as a self-contained, printable HTML document. Pure; every value is escaped. */
export function renderTimelineDocument(timeline: TimelineDto): string {
  const sequenceOf = new Map(timeline.entries.map(({ step }) => [step.id, step.sequence]));
  const rows = timeline.entries.map((entry) => renderEntry(entry, sequenceOf)).join('\n');
  const integrity = integrityLine(timeline.integrity);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Procedural journal ${escape(timeline.caseNumber)}</title>
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
<h1>Procedural journal of case ${escape(timeline.caseNumber)}</h1>
<dl>
  <dt>Region</dt><dd>${escape(timeline.region)}</dd>
  <dt>Status</dt><dd>${escape(timeline.status)}</dd>
  <dt>Steps</dt><dd>${timeline.version}</dd>
  <dt>Integrity</dt><dd>${escape(integrity)}</dd>
  <dt>Printed</dt><dd>${escape(timeline.generatedAt)}</dd>
</dl>
<table>
<thead><tr><th>#</th><th>Step</th><th>Occurred</th><th>Recorded</th><th>Person</th><th>Details</th><th>Corrections</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

function renderEntry(entry: TimelineEntryDto, sequenceOf: Map<string, number>): string {
  const { step } = entry;
  const late = step.recordedLate ? ' <span class="note">(recorded late)</span>' : '';
  const corrects = step.correctsStepId ? `<div class="note">corrects step ${sequenceOf.get(step.correctsStepId) ?? escape(step.correctsStepId)}</div>` : '';
  const details = step.correctsStepId ? describeCorrection(step.correctsStepId, step.details) : formatDetails(step.details);
  const corrections = entry.correctedBy.map((note) => `${escape(note.action)} by step ${note.sequence}: ${escape(note.reason)}`).join('<br>');
  const effective = entry.standing === 'amended' && entry.effective ? `<div class="note">in effect: ${escape(entry.effective.occurredAt)} ${escape(formatDetails(entry.effective.details))}</div>` : '';
  return `<tr class="${entry.standing}"><td>${step.sequence}</td><td>${escape(entry.title)}${corrects}</td><td>${escape(step.occurredAt)}${effective}</td><td>${escape(step.recordedAt)} by ${escape(step.recordedBy)}${late}</td><td>${escape(step.personId ?? '')}</td><td>${escape(details)}</td><td>${corrections}</td></tr>`;
}

/** A correction in words: what it does to the step it corrects, and why. */
function describeCorrection(correctsStepId: string, details: Record<string, string | number | boolean>): string {
  const correction = correctionFromDetails(correctsStepId, details);
  if (correction.action === 'annul') return `annulled; why: ${correction.reason}`;
  const changes = [
    ...(correction.occurredAt ? [`occurred at ${correction.occurredAt.toISOString()}`] : []),
    ...(correction.personId ? [`person ${correction.personId}`] : []),
    ...(correction.details ? [`details ${formatDetails(correction.details) || 'none'}`] : []),
  ];
  return `amended to: ${changes.join('; ')}; why: ${correction.reason}`;
}

function formatDetails(details: Record<string, string | number | boolean>): string {
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('; ');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** The hash chain's and the signed checkpoint's verdict, in one line. */
function integrityLine(integrity: CaseJournalVerificationDto): string {
  const checkpoint = integrity.checkpoint
    ? `${integrity.provenInCheckpoint} proven in the signed checkpoint of ${integrity.checkpoint.timestamp}, ${integrity.awaitingCheckpoint} awaiting the next`
    : 'no signed checkpoint yet';
  if (integrity.valid) return `intact (${integrity.checked} steps checked; ${checkpoint})`;
  return `BROKEN at step ${integrity.firstBrokenSequence ?? '?'}: ${integrity.problem ?? 'chain-broken'} (${integrity.checked} steps intact before it)`;
}
