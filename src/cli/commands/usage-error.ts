/** A command line that does not say what to do: exit code 2 and a hint to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}
