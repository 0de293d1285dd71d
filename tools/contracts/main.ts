/**
 * Writes the system's AsyncAPI 3.0 document, generated from libs/contracts, to docs/asyncapi.json:
 *   npm run contracts            (re)writes it
 *   npm run contracts -- --check exits 1 when the file is not what the contract generates
 * Each running service also serves its own part at GET /docs/asyncapi.json.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ASYNCAPI_FILE, systemAsyncApiText } from './system-asyncapi';

const file = join(__dirname, '../..', SYSTEM_ASYNCAPI_FILE);
const text = systemAsyncApiText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    process.stderr.write(`${SYSTEM_ASYNCAPI_FILE} is not what libs/contracts generates: run npm run contracts\n`);
    process.exit(1);
  }
  process.stdout.write(`${SYSTEM_ASYNCAPI_FILE} is up to date\n`);
} else {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${SYSTEM_ASYNCAPI_FILE}\n`);
}
