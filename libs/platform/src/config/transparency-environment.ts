import { validateTransparencySettings } from '../transparency/tree-checkpoints';
import { checkedBy } from './environment';

/** The signed tree heads of audit, procedural-steps and probation (libs/integrity; *Signed checkpoints and their keys*). */
export const transparencyVariables = checkedBy(validateTransparencySettings, {
  ICJIMS_TRANSPARENCY_KEY_DIR: {
    default: '`<ICJIMS_DATA_DIR>/transparency/keys`',
    description: 'the signing keys of the tree heads (files 0600, folder 0700) and `keyring.json`, every public key with its dates; see *Signed checkpoints and their keys*.',
  },
  ICJIMS_CHECKPOINT_DIR: {
    default: '`<ICJIMS_DATA_DIR>/checkpoints`',
    description: 'one append-only file of signed heads per log (`<log>.checkpoints.ndjson`); point it at a WORM (object-lock, append-only) mount where you have one.',
  },
  ICJIMS_CHECKPOINT_INTERVAL_SECONDS: {
    default: '`10`',
    description: 'how often a grown tree is signed (seconds above 0 and at most 86400, fractions allowed).',
  },
});
