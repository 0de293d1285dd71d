/**
 * The offline verifier of log exports (icjims-log-export/1), for auditors outside the system:
 *   npm run audit:verify -- --export FILE --keys FILE [--checkpoint FILE] [--json]
 *   node dist/tools/audit-verify.js --export FILE --keys FILE [--checkpoint FILE] [--json]   (no sources needed)
 * Exit 0 when everything holds, 1 naming each failure, 2 on a usage error (including a file
 * that cannot be read). docs/offline-verification.md is the recipe.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ExportVerdict, parseCheckpointText, parseKeyringText, PublicKeyInfo, SignedTreeHead, verifyLogExport } from '@icjims/integrity';

const USAGE = `usage: npm run audit:verify -- --export FILE --keys FILE [--checkpoint FILE] [--json]
  --export FILE      the export (NDJSON, icjims-log-export/1); - reads standard input
  --keys FILE        the log's public keys: the keyring JSON, or PEM public keys
  --checkpoint FILE  signed tree heads you kept from earlier (NDJSON or JSON); the export must be consistent with them
  --json             print the verdict as JSON instead of text
exit status: 0 verified, 1 not verified (each failure is named), 2 usage error`;

function usageError(message: string): never {
  process.stderr.write(`audit-verify: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return usageError(`cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseOptions(): { exportPath: string; keysPath: string; checkpointPath?: string; json: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        export: { type: 'string' },
        keys: { type: 'string' },
        checkpoint: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values.export) usageError('--export is required');
  if (!values.keys) usageError('--keys is required');
  return { exportPath: values.export, keysPath: values.keys, checkpointPath: values.checkpoint, json: values.json ?? false };
}

async function exportLines(path: string): Promise<AsyncIterable<string>> {
  if (path === '-') return createInterface({ input: process.stdin, crlfDelay: Infinity });
  const stream = createReadStream(path, { encoding: 'utf8' });
  await new Promise<void>((resolve) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) => usageError(`cannot read the export file ${path}: ${error.code ?? error.message}`));
  });
  return createInterface({ input: stream, crlfDelay: Infinity });
}

const short = (hex: string) => `${hex.slice(0, 16)}…`;

function report(verdict: ExportVerdict, keyring: PublicKeyInfo[], checkpoints: SignedTreeHead[]): string {
  const head = verdict.treeHead;
  const what = `${verdict.log ?? 'unknown log'}: ${verdict.scope ?? 'unreadable'} export of ${verdict.records} record${verdict.records === 1 ? '' : 's'}`;
  const lines = [`${verdict.valid ? 'VERIFIED' : 'NOT VERIFIED'}  ${what}`];
  if (head) {
    const key = keyring.find((k) => k.keyId === head.keyId);
    lines.push(`  tree head    size ${head.treeSize}, root ${head.rootHash}`);
    lines.push(`               signed ${head.timestamp} by key ${short(head.keyId)}${key ? '' : ' (not one of your keys)'}`);
    lines.push(
      verdict.scope === 'full'
        ? '  records      every leaf hashed and the root recomputed from them'
        : '  records      every leaf hashed and its inclusion proof checked against the signed root',
    );
    if (verdict.consistencyFrom !== undefined) lines.push(`  consistency  proof from the earlier head of size ${verdict.consistencyFrom} checked`);
  }
  if (checkpoints.length) {
    const skipped = verdict.checkpointsNotComparable ? `, ${verdict.checkpointsNotComparable} older ones not comparable with a partial export` : '';
    lines.push(`  checkpoints  ${verdict.checkpointsChecked} of your ${checkpoints.length} compared${skipped}`);
  }
  if (!verdict.valid) {
    lines.push(`${verdict.problemCount} problem${verdict.problemCount === 1 ? '' : 's'}:`);
    for (const problem of verdict.problems) {
      const where = [problem.line !== undefined && `line ${problem.line}`, problem.leafIndex !== undefined && `leaf ${problem.leafIndex}`].filter(Boolean).join(', ');
      lines.push(`  ${where ? `${where}: ` : ''}${problem.check}: ${problem.message}`);
    }
    if (verdict.problemCount > verdict.problems.length) lines.push(`  … and ${verdict.problemCount - verdict.problems.length} more`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const options = parseOptions();
  let keyring: PublicKeyInfo[];
  try {
    keyring = parseKeyringText(readText(options.keysPath, 'key'));
  } catch (error) {
    return usageError(`${options.keysPath}: ${(error as Error).message}`);
  }
  let checkpoints: SignedTreeHead[] = [];
  if (options.checkpointPath) {
    try {
      const parsed = parseCheckpointText(readText(options.checkpointPath, 'checkpoint'));
      checkpoints = parsed.checkpoints;
      if (parsed.damagedLines.length) {
        process.stderr.write(`audit-verify: ${options.checkpointPath}: lines ${parsed.damagedLines.join(', ')} are not checkpoints and were skipped\n`);
      }
    } catch (error) {
      return usageError(`${options.checkpointPath}: ${(error as Error).message}`);
    }
  }
  const verdict = await verifyLogExport(await exportLines(options.exportPath), keyring, { checkpoints });
  process.stdout.write(options.json ? `${JSON.stringify(verdict, null, 2)}\n` : report(verdict, keyring, checkpoints));
  process.exitCode = verdict.valid ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`audit-verify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
