// Builds each service (and the all-in-one launcher) into dist/apps/<name>/main.js, the
// token command into dist/tools/token.js, the export verifier into dist/tools/audit-verify.js and
// the tree-head key command into dist/tools/signing-keys.js.
// Workspace libs are bundled; packages from node_modules stay external and are required at run time.
const path = require('node:path');
const fs = require('node:fs');
const { Compilation, sources } = require('webpack');
const { compilerOptions } = require('./tsconfig.base.json');
const swc = require('./swc.config.js');

const apps = fs.readdirSync(path.join(__dirname, 'apps')).filter((name) =>
  fs.existsSync(path.join(__dirname, 'apps', name, 'src', 'main.ts')),
);
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, path.join(__dirname, target)]),
);

// The analyst dashboard's page (HTML, its script and styles) is read at run time from a
// dashboard-page/ folder beside the module that serves it; in a bundle that is beside the
// bundle's file, so the folder is copied next to every bundle that includes that module
// (analytics alone, and the all-in-one launcher).
const dashboardServer = path.join(__dirname, 'apps/analytics/src/dashboard/dashboard-files.ts');
const dashboardPage = path.join(__dirname, 'apps/analytics/src/dashboard/dashboard-page');

function includesModule(compilation, chunk, resource) {
  for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
    const inner = module.modules ? [...module.modules] : [module]; // a concatenated module holds several
    if (inner.some((m) => m.resource === resource)) return true;
  }
  return false;
}

class DashboardPagePlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('DashboardPagePlugin', (compilation) => {
      const stage = Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL;
      compilation.hooks.processAssets.tap({ name: 'DashboardPagePlugin', stage }, () => {
        compilation.contextDependencies.add(dashboardPage);
        for (const chunk of compilation.chunks) {
          if (!includesModule(compilation, chunk, dashboardServer)) continue;
          for (const file of chunk.files) {
            if (!file.endsWith('.js')) continue;
            for (const name of fs.readdirSync(dashboardPage)) {
              const source = new sources.RawSource(fs.readFileSync(path.join(dashboardPage, name)));
              compilation.emitAsset(path.posix.join(path.posix.dirname(file), 'dashboard-page', name), source);
            }
          }
        }
      });
    });
  }
}

module.exports = (env = {}) => {
  const selected = env.project ? [env.project] : apps;
  for (const name of selected) if (!apps.includes(name)) throw new Error(`unknown project "${name}"`);
  return {
    mode: 'production',
    target: 'node20',
    context: __dirname,
    entry: {
      ...Object.fromEntries(selected.map((name) => [`apps/${name}/main`, `./apps/${name}/src/main.ts`])),
      // The token command, for installations without the sources (containers), and the
      // offline verifier of log exports, which auditors run without the sources.
      ...(env.project ? {} : { 'tools/token': './tools/token.ts', 'tools/audit-verify': './tools/audit-verify.ts', 'tools/signing-keys': './tools/signing-keys.ts' }),
    },
    output: { path: path.join(__dirname, 'dist'), filename: '[name].js', clean: false },
    devtool: 'source-map',
    resolve: { extensions: ['.ts', '.js'], alias },
    externalsPresets: { node: true },
    externals: [
      ({ request }, callback) => {
        if (!request || request.startsWith('.') || path.isAbsolute(request) || request in alias) return callback();
        return callback(null, `commonjs ${request}`);
      },
    ],
    module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'swc-loader', options: swc } }] },
    plugins: [new DashboardPagePlugin()],
    // Class names must survive: NestJS, TypeORM and the logs use them.
    optimization: { minimize: false, splitChunks: false },
    performance: { hints: false },
    stats: 'errors-warnings',
  };
};
