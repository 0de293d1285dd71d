import { randomUUID } from 'node:crypto';
import { EventSchemaError, newCloudEvent, validateEventData } from './cloud-event';
import { TreeHeadSigned } from './transparency.events';

const signedHead = {
  log: 'audit.access',
  treeSize: 1024,
  rootHash: 'ab'.repeat(32),
  timestamp: '2026-12-04T17:00:00.000Z',
  keyId: 'cd'.repeat(32),
  signature: `${'A'.repeat(86)}==`,
};

function validate(data: Record<string, unknown>) {
  return validateEventData(TreeHeadSigned.audit, { ...newCloudEvent(TreeHeadSigned.audit, 'audit.access', signedHead, randomUUID()), data });
}

describe('TreeHeadSigned', () => {
  it('names its producer in its type', () => {
    expect(TreeHeadSigned.audit.type).toBe('icjims.audit.tree-head.signed.v1');
    expect(TreeHeadSigned['procedural-steps'].type).toBe('icjims.procedural-steps.tree-head.signed.v1');
  });

  it('accepts a signed tree head', () => {
    expect(validate(signedHead).data).toMatchObject(signedHead);
  });

  it.each<[string, Record<string, unknown>]>([
    ['log', { log: 'Audit Access' }],
    ['treeSize', { treeSize: -1 }],
    ['treeSize', { treeSize: 1.5 }],
    ['rootHash', { rootHash: 'AB'.repeat(32) }],
    ['rootHash', { rootHash: 'ab'.repeat(31) }],
    ['timestamp', { timestamp: '2026-12-04T17:00:00Z' }],
    ['keyId', { keyId: undefined }],
    ['signature', { signature: 'not base64' }],
    ['signature', { signature: `${'A'.repeat(84)}==` }],
  ])('refuses a head whose %s is malformed', (field, change) => {
    let caught: unknown;
    try {
      validate({ ...signedHead, ...change });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventSchemaError);
    expect((caught as EventSchemaError).problems.join('; ')).toMatch(new RegExp(`^${field}: `));
  });
});
