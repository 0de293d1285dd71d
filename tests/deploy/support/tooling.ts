/**
 * Deployment files are checked with the real tools (Compose, promtool) where they are installed.
 * Under CI=true (.ci/run installs them) a missing tool fails the suite; locally the check is
 * skipped with a message saying what is missing.
 */
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** Registers a test that fails under CI and a clearly labelled skipped test locally; `suite` names the file in the message. */
export function missingTooling(suite: string, what: string, reason: string): void {
  if (inCi) {
    it(`${what} (tooling required under CI=true)`, () => {
      throw new Error(`cannot validate ${what}: ${reason}`);
    });
  } else {
    console.warn(`[${suite}] SKIPPED ${what}: ${reason}`);
    it.skip(`${what} — skipped: ${reason}`, () => undefined);
  }
}
