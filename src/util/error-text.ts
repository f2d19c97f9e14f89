// What a caught value says, for a log line or an error message: a rejection or throw is
// typed unknown (anything can be thrown), and most of ours are Errors.

/** The message of an Error, or the text of anything else that was thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
