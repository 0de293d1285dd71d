export * from './hash-chain';
export * from './merkle/merkle';
export * from './merkle/merkle-log';
export * from './transparency/tree-head';
export * from './transparency/tree-head-signer';
export * from './transparency/checkpoint-log';
export * from './transparency/transparency-settings';
