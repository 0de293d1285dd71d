/**
 * The Ed25519 keys that sign the tree heads of the access log and the procedural journal,
 * kept outside the database (ICJIMS_TRANSPARENCY_KEY_DIR, default <ICJIMS_DATA_DIR>/transparency/keys):
 *   npm run signing-keys -- show       prints the keyring (public keys, their ids and dates) as JSON
 *   npm run signing-keys -- rotate     starts signing with a new key; the old public key stays in
 *                                       the keyring (retired), so earlier tree heads still verify
 *   node dist/tools/signing-keys.js …  the same, in an installation without the sources
 * Running services notice a rotation at their next checkpoint. Give auditors the keyring
 * after every rotation (docs/offline-verification.md).
 */
import { resolve } from 'node:path';
import { TreeHeadSigner, transparencySettings } from '@icjims/integrity';

const USAGE = 'usage: npm run signing-keys -- show|rotate';

function main(): void {
  const command = process.argv[2];
  if (command !== 'show' && command !== 'rotate') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  let keyDir: string;
  try {
    ({ keyDir } = transparencySettings(process.env, resolve(process.env.ICJIMS_DATA_DIR || '.data')));
  } catch (error) {
    process.stderr.write(`Invalid configuration: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const signer = TreeHeadSigner.open(keyDir);
  if (command === 'rotate') signer.rotate();
  process.stdout.write(`${JSON.stringify({ keyDir, currentKeyId: signer.currentKeyId(), keyring: signer.keyring() }, null, 2)}\n`);
}

main();
