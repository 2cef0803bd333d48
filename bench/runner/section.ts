/** A bench's named steps: each is timed and logged, and a failure is recorded without ending the run. */

/** Runs `body`, logging its time; a failure is recorded in the run, not thrown. Resolves true on success. */
export type Section = (name: string, body: () => Promise<void>) => Promise<boolean>;

/** The first line of an error's message: enough for a log line or a results entry. */
export function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** A {@link Section} that pushes failures onto `errors` and logs through `log`. */
export function sectionRunner(errors: string[], log: (line: string) => void): Section {
  return async (name, body) => {
    const started = Date.now();
    try {
      await body();
      log(`  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return true;
    } catch (error) {
      errors.push(`${name}: ${firstLine(error)}`);
      log(`  ${name} FAILED: ${firstLine(error)}`);
      return false;
    }
  };
}
