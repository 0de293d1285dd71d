export * from './principal';
export * from './signing-key';
export * from './token-issuer';
export * from './token-verifier';
export * from './auth.guard';
