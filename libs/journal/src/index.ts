export * from './journal-spec';
export * from './chain';
export * from './expected-version';
export * from './journal-store';
export * from './journal-tables';
export * from './journal-sealer';
export * from './journal-proofs';
export * from './tree-replay';
