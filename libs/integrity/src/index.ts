export * from './hash-chain';
export * from './merkle/merkle';
export * from './merkle/merkle-log';
