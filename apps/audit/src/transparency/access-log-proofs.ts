import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '@icjims/auth';
import { InvalidInputError, NotFoundError } from '@icjims/contracts';
import { leafHash, PublicKeyInfo, SignedTreeHead } from '@icjims/integrity';
import { entryJson } from '../access-log/access-chain';
import { ACCESS_LOG_NAME, AccessLogRow, accessTree, ENTRY_COLUMNS, entryFromRow } from '../access-log/access-log.store';
import { ACCESS_TRANSPARENCY, AccessTransparency } from './access-transparency';
import { ConsistencyProofDto, InclusionProofDto } from './dto/transparency.dto';

const hex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/** Signed tree heads, the keys that sign them, and RFC 9162 proofs read from the stored tree. */
@Injectable()
export class AccessLogProofs {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCESS_TRANSPARENCY) private readonly transparency: AccessTransparency,
  ) {}

  latestTreeHead(): SignedTreeHead {
    const latest = this.transparency.checkpoints.latest();
    if (!latest) throw new NotFoundError('No tree head has been signed yet: the first checkpoint follows the first entries within the checkpoint interval');
    return latest;
  }

  signingKeys(): PublicKeyInfo[] {
    return this.transparency.signer.keyring();
  }

  /**
   * The path from entry `seq` to the root at `treeSize` (default: the latest signed head's).
   * A regional auditor may prove only the entries they may list: their own region's callers'.
   */
  inclusion(seq: number, treeSize: number | undefined, principal: Principal): Promise<InclusionProofDto> {
    const size = treeSize ?? this.latestTreeHead().treeSize;
    if (seq > size) throw new InvalidInputError('seq is beyond the tree size', [{ field: 'seq', reason: `seq must be at most the tree size ${size}` }]);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.assertTreeSize(manager, size, 'treeSize');
      const [row]: AccessLogRow[] = await manager.query(`SELECT ${ENTRY_COLUMNS} FROM access_log WHERE seq = $1`, [seq]);
      if (!row || (principal.region !== undefined && row.actor_region !== principal.region)) throw new NotFoundError(`No access-log entry ${seq}`);
      const leafData = entryJson(entryFromRow(row));
      const { path: auditPath, root } = await accessTree.inclusionProofWithRoot(manager, seq - 1, size);
      return { log: ACCESS_LOG_NAME, seq, leafIndex: seq - 1, treeSize: size, leafData, leafHash: leafHash(leafData).toString('hex'), auditPath: hex(auditPath), rootHash: root.toString('hex') };
    });
  }

  /** That the tree at `to` (default: the latest signed head's) extends the tree at `from`. */
  consistency(from: number, to: number | undefined): Promise<ConsistencyProofDto> {
    const toSize = to ?? this.latestTreeHead().treeSize;
    if (from > toSize) throw new InvalidInputError('from is beyond to', [{ field: 'from', reason: `from must be at most ${toSize}` }]);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.assertTreeSize(manager, toSize, to === undefined ? 'from' : 'to');
      const { proof, oldRoot: fromRoot, newRoot: toRoot } = await accessTree.consistencyProofWithRoots(manager, from, toSize);
      return { log: ACCESS_LOG_NAME, fromSize: from, toSize, fromRoot: fromRoot.toString('hex'), toRoot: toRoot.toString('hex'), proof: hex(proof) };
    });
  }

  private async assertTreeSize(manager: EntityManager, size: number, field: string): Promise<void> {
    const { treeSize } = await accessTree.head(manager);
    if (size > treeSize) throw new InvalidInputError(`${field} is beyond the tree`, [{ field, reason: `the tree has ${treeSize} entries` }]);
  }
}
