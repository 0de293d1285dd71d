import { resolve } from 'node:path';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { ServiceName, TreeHeadSigned } from '@icjims/contracts';
import { CheckpointLog, MerkleLog, SignedTreeHead, transparencySettings, TreeHeadSigner } from '@icjims/integrity';
import { EventOutbox, tryTransactionLock, UnitOfWork } from '@icjims/messaging';
import { ConfigError } from '../config/service-config';

type Env = Record<string, string | undefined>;

/** A log's signing key, its checkpoint file (both outside the database) and how often it is signed. */
export interface TreeTransparency {
  signer: TreeHeadSigner;
  checkpoints: CheckpointLog;
  checkpointIntervalMs: number;
}

/** Where keys and checkpoints live (ICJIMS_TRANSPARENCY_KEY_DIR, ICJIMS_CHECKPOINT_DIR, ICJIMS_CHECKPOINT_INTERVAL_SECONDS); a bad value is a ConfigError. */
function settingsOf(env: Env) {
  try {
    return transparencySettings(env, resolve(env.ICJIMS_DATA_DIR || '.data'));
  } catch (error) {
    if (error instanceof RangeError) throw new ConfigError(`Invalid configuration: ${error.message}`);
    throw error;
  }
}

/** Checks the transparency settings at start, so that a bad one stops the service with one line. */
export function validateTransparencySettings(env: Env): void {
  settingsOf(env);
}

/** Opens (creating on first use) the signing key and the checkpoint file of the log named `log`. */
export function openTreeTransparency(env: Env, log: string): TreeTransparency {
  const settings = settingsOf(env);
  return {
    signer: TreeHeadSigner.open(settings.keyDir),
    checkpoints: new CheckpointLog(settings.checkpointDir, log),
    checkpointIntervalMs: settings.checkpointIntervalMs,
  };
}

export interface TreeCheckpointsOptions {
  service: ServiceName;
  log: string;
  tree: MerkleLog;
  transparency: TreeTransparency;
  unitOfWork: UnitOfWork;
  outbox: EventOutbox;
  logger: Logger;
  /** Transaction lock name: one signer per installation at a time. */
  lock: string;
  /** Work done before each signing pass, e.g. sealing committed records into the tree. */
  beforeSigning?: () => Promise<void>;
}

/**
 * Every checkpoint interval, and once more at stop, signs the tree's head if it grew, writes
 * it to the checkpoint file outside the database and announces it (TreeHeadSigned), so that
 * the bus and other services hold witnesses. It never signs a tree that does not extend the
 * last checkpoint: a rewritten history is not laundered into a new head (the log's
 * verification then says where it was rewritten). The access log and the procedural journal
 * both run one.
 */
export class TreeCheckpoints {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TreeCheckpointsOptions) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.transparency.checkpointIntervalMs);
  }

  /** The last checkpoint before the database closes: everything committed is signed for. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.tick();
    await this.pass;
  }

  /** Runs `beforeSigning`, then signs the head if the tree grew since the last checkpoint; returns the new checkpoint, if any. Passes take turns. */
  checkpoint(): Promise<SignedTreeHead | undefined> {
    const pass = this.pass.then(async () => {
      await this.options.beforeSigning?.();
      return this.sign();
    });
    this.pass = pass.catch(() => undefined);
    return pass;
  }

  private tick(): void {
    this.checkpoint().catch((error: unknown) => this.options.logger.error({ err: error, log: this.options.log }, 'checkpoint failed; retrying at the next interval'));
  }

  private sign(): Promise<SignedTreeHead | undefined> {
    const { service, log, tree, transparency, outbox, logger, lock } = this.options;
    return this.options.unitOfWork.run(async (manager) => {
      if (!(await tryTransactionLock(manager, lock))) return undefined;
      const head = await tree.head(manager);
      const latest = transparency.checkpoints.latest();
      if (head.treeSize === 0 || head.treeSize === latest?.treeSize) return undefined;
      if (latest && !(await extendsCheckpoint(manager, tree, latest, head.treeSize))) {
        logger.error({ log, checkpointTreeSize: latest.treeSize, treeSize: head.treeSize }, 'the tree does not extend its last checkpoint; not signing (its verification says where)');
        return undefined;
      }
      const signed = transparency.signer.sign(log, head);
      await outbox.record(manager, TreeHeadSigned[service], log, signed);
      // Written before the commit: a checkpoint whose event is lost still holds, as the tree it signs is committed.
      transparency.checkpoints.append(signed);
      logger.info({ log, treeSize: signed.treeSize }, 'tree head signed');
      return signed;
    });
  }
}

/** The tree in the database still has the checkpoint's root at the checkpoint's size. */
async function extendsCheckpoint(manager: EntityManager, tree: MerkleLog, checkpoint: SignedTreeHead, treeSize: number): Promise<boolean> {
  if (treeSize < checkpoint.treeSize) return false;
  return (await tree.rootAt(manager, checkpoint.treeSize)).toString('hex') === checkpoint.rootHash;
}
