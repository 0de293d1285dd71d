import { generateKeyPairSync } from 'node:crypto';
import { parseCheckpointText, parseKeyringText } from './auditor-files';

const pem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const head = (treeSize: number) => ({ log: 'audit.access', treeSize, rootHash: '0'.repeat(64), timestamp: '2026-12-04T17:00:00.000Z', keyId: 'a'.repeat(64), signature: `${'A'.repeat(86)}==` });

describe('parseKeyringText', () => {
  it('reads PEM public keys and computes their keyIds', () => {
    const keys = parseKeyringText(`${pem()}\n${pem()}`);
    expect(keys).toHaveLength(2);
    expect(keys[0].keyId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the keyring file, an object with keys, or a list', () => {
    const key = { keyId: 'b'.repeat(64), publicKeyPem: pem(), createdAt: '2026-01-01T00:00:00.000Z', retiredAt: '2026-06-01T00:00:00.000Z' };
    expect(parseKeyringText(JSON.stringify({ format: 'icjims-keyring/1', keys: [key] }))).toEqual([key]);
    expect(parseKeyringText(JSON.stringify([key]))).toEqual([key]);
  });

  it.each([
    ['', /neither JSON nor PEM/],
    ['{"keys":[]}', /holds no keys/],
    ['[{"keyId":"x"}]', /key 1 of the key file needs keyId and publicKeyPem/],
    [generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(), /not an Ed25519 public key/],
  ])('refuses %j, saying why', (text, message) => {
    expect(() => parseKeyringText(text)).toThrow(message);
  });
});

describe('parseCheckpointText', () => {
  it('reads a checkpoint file, one pretty-printed head, a list, or a saved tree-head answer', () => {
    expect(parseCheckpointText(`${JSON.stringify(head(1))}\n${JSON.stringify(head(2))}\n{"log":`)).toEqual({ checkpoints: [head(1), head(2)], damagedLines: [3] });
    expect(parseCheckpointText(JSON.stringify(head(3), null, 2)).checkpoints).toEqual([head(3)]);
    expect(parseCheckpointText(JSON.stringify([head(4)])).checkpoints).toEqual([head(4)]);
    expect(parseCheckpointText(JSON.stringify({ treeHead: head(5), keys: [] })).checkpoints).toEqual([head(5)]);
  });

  it('refuses a file without a head', () => {
    expect(() => parseCheckpointText('')).toThrow(/empty/);
    expect(() => parseCheckpointText('x\ny\n')).toThrow(/no signed tree head/);
  });
});
