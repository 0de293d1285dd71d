export * from './hash-chain';
export * from './merkle/merkle';
