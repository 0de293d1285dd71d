import { validateTransparencySettings } from '../transparency/tree-checkpoints';
import { variable } from './environment';

/** The signed tree heads of audit, procedural-steps and probation (libs/integrity; *Signed checkpoints and their keys*). */
export const transparencyVariables = {
  ICJIMS_TRANSPARENCY_KEY_DIR: variable(
    { default: '`<ICJIMS_DATA_DIR>/transparency/keys`', description: 'the signing keys of the tree heads (files 0600, folder 0700) and `keyring.json`, every public key with its dates; see *Signed checkpoints and their keys*.' },
    (raw) => validateTransparencySettings({ ICJIMS_TRANSPARENCY_KEY_DIR: raw }),
  ),
  ICJIMS_CHECKPOINT_DIR: variable(
    { default: '`<ICJIMS_DATA_DIR>/checkpoints`', description: 'one append-only file of signed heads per log (`<log>.checkpoints.ndjson`); point it at a WORM (object-lock, append-only) mount where you have one.' },
    (raw) => validateTransparencySettings({ ICJIMS_CHECKPOINT_DIR: raw }),
  ),
  ICJIMS_CHECKPOINT_INTERVAL_SECONDS: variable(
    { default: '`10`', description: 'how often a grown tree is signed (seconds above 0 and at most 86400, fractions allowed).' },
    (raw) => validateTransparencySettings({ ICJIMS_CHECKPOINT_INTERVAL_SECONDS: raw }),
  ),
};
