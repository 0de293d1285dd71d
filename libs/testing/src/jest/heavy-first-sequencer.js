// Orders a run so that its long suites start first and none is left to run alone at the end:
// end-to-end suites, then integration suites, then pure ones. Within each kind, Jest's own order
// (by the last run's durations when it has them, else by file size).
const Sequencer = require('@jest/test-sequencer').default;

const KINDS = ['.e2e.ts', '.int.ts'];
const rank = (path) => {
  const kind = KINDS.findIndex((suffix) => path.endsWith(suffix));
  return kind === -1 ? KINDS.length : kind;
};

module.exports = class HeavyFirstSequencer extends Sequencer {
  sort(tests) {
    return super.sort(tests).sort((a, b) => rank(a.path) - rank(b.path)); // stable: keeps Jest's order within a kind
  }
};
