import { TimelineDto, TimelineEntryDto } from './dto/timeline.dto';

/** The timeline as a self-contained, printable HTML document. Pure; every value is escaped. */
export function renderTimelineDocument(timeline: TimelineDto): string {
  const rows = timeline.entries.map(renderEntry).join('\n');
  const integrity = timeline.integrity.valid
    ? `intact (${timeline.integrity.checked} steps checked)`
    : `BROKEN at step ${timeline.integrity.firstBrokenSequence ?? '?'} (${timeline.integrity.checked} steps intact before it)`;
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
  <dt>Hash chain</dt><dd>${escape(integrity)}</dd>
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

function renderEntry(entry: TimelineEntryDto): string {
  const { step } = entry;
  const late = step.recordedLate ? ' <span class="note">(recorded late)</span>' : '';
  const corrects = step.correctsStepId ? `<div class="note">corrects step ${escape(step.correctsStepId)}</div>` : '';
  const corrections = entry.correctedBy.map((note) => `${escape(note.action)} by step ${note.sequence}: ${escape(note.reason)}`).join('<br>');
  const effective = entry.standing === 'amended' && entry.effective ? `<div class="note">in effect: ${escape(entry.effective.occurredAt)} ${escape(formatDetails(entry.effective.details))}</div>` : '';
  return `<tr class="${entry.standing}"><td>${step.sequence}</td><td>${escape(entry.title)}${corrects}</td><td>${escape(step.occurredAt)}${effective}</td><td>${escape(step.recordedAt)} by ${escape(step.recordedBy)}${late}</td><td>${escape(step.personId ?? '')}</td><td>${escape(formatDetails(step.details))}</td><td>${corrections}</td></tr>`;
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
