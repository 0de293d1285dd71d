/** Probation's legal order as pure rules: no framework, no database, no messaging. */
export * from './commands';
export * from './deadlines';
export * from './decide';
export * from './decision';
export * from './entries';
export * from './evolve';
export * from './intake';
export * from './probation-rules';
export * from './refusal';
export * from './risk-scoring';
export * from './stream-state';
