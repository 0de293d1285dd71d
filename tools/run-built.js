// Runs a command from its webpack bundle (`npm start`, `npm run token`): `node tools/run-built.js
// <name> [args…]` (`--build <name>` only brings the bundle up to date). The bundle is rebuilt first only when it is missing or one of the files it was
// built from has changed since (make's rule; the list is kept beside the bundle), so a start does
// not wait for webpack and the token command starts in a fraction of a second with no TypeScript
// toolchain at run time. The command then runs in this very process: a signal that npm forwards to
// its script reaches it directly (no shell in between).
// Plain JavaScript on purpose: it must start without compiling anything.
'use strict';
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// What each command is built from, and where webpack writes it (as `npm run build` does).
const COMMANDS = {
  embedded: { entry: './apps/embedded/src/main.ts', bundle: 'apps/embedded/main', project: 'embedded' },
  token: { entry: './tools/token.ts', bundle: 'tools/token' },
};
// Inputs outside the module graph: the build's own configuration and the installed packages.
const BUILD_FILES = ['webpack.config.js', 'swc.config.js', 'tsconfig.base.json', 'package-lock.json'];

const bundlePath = (command) => path.join(ROOT, 'dist', `${command.bundle}.js`);
const manifestPath = (command) => `${bundlePath(command)}.inputs.json`;

/** True when the bundle is missing, or a file it was built from changed (or went) after its build started. */
function isStale(command) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath(command), 'utf8'));
    fs.statSync(bundlePath(command));
  } catch {
    return true;
  }
  for (const input of manifest.inputs) {
    const stat = fs.statSync(path.join(ROOT, input), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtAt) return true;
  }
  return false;
}

/** Every regular file under a folder (the folders a plugin copies from, such as the dashboard's page). */
function filesUnder(folder) {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * Builds one command with the project's webpack configuration into a private folder, then moves
 * the files into dist/ one by one, so that a concurrent start never reads a half-written bundle.
 */
async function build(command) {
  const webpack = require('webpack');
  const configure = require(path.join(ROOT, 'webpack.config.js'));
  const builtAt = Date.now();
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  const staging = fs.mkdtempSync(path.join(ROOT, 'dist', '.build-'));
  // Ctrl-C during a build reaches this child too: leave no half-built folder behind.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (fs.rmSync(staging, { recursive: true, force: true }), process.exit(1)));
  const config = { ...configure({ project: command.project ?? 'embedded' }), entry: { [command.bundle]: command.entry } };
  config.output = { ...config.output, path: staging };
  try {
    const stats = await new Promise((done, fail) => webpack(config, (error, result) => (error ? fail(error) : done(result))));
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    const { fileDependencies, contextDependencies } = stats.compilation;
    const inside = (file) => !path.relative(ROOT, file).startsWith('..') && !file.includes(`${path.sep}node_modules${path.sep}`);
    const inputs = new Set(BUILD_FILES);
    for (const file of fileDependencies) if (inside(file) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) inputs.add(path.relative(ROOT, file));
    for (const folder of contextDependencies) if (inside(folder) && fs.existsSync(folder)) for (const file of filesUnder(folder)) inputs.add(path.relative(ROOT, file));
    for (const file of filesUnder(staging)) {
      const target = path.join(ROOT, 'dist', path.relative(staging, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(file, target);
    }
    fs.writeFileSync(manifestPath(command), `${JSON.stringify({ builtAt, inputs: [...inputs].sort() }, null, 1)}\n`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function main() {
  // The build runs in a child process, so that webpack's memory is not kept by the command that follows.
  if (process.argv[2] === '--rebuild') return build(COMMANDS[process.argv[3]]);
  const buildOnly = process.argv[2] === '--build';
  const name = process.argv[buildOnly ? 3 : 2];
  const command = COMMANDS[name];
  if (!command) throw new Error(`usage: node tools/run-built.js [--build] ${Object.keys(COMMANDS).join('|')} [args…]`);
  if (isStale(command)) {
    process.stderr.write(`building ${path.relative(process.cwd(), bundlePath(command))} (once, until its sources change)…\n`);
    const code = await new Promise((done) => fork(__filename, ['--rebuild', name], { stdio: 'inherit' }).once('exit', (exit, signal) => done(signal ? 1 : exit)));
    if (code !== 0) process.exit(code ?? 1);
  }
  if (buildOnly) return;
  // The command reads its own arguments from process.argv.slice(2), as if started as `node <bundle> args…`.
  process.argv.splice(1, 2, bundlePath(command));
  require(bundlePath(command));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
