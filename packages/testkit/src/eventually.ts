/** Polls `check` every 100 ms until it returns a truthy value, or throws after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const reason = last instanceof Error ? `: ${last.message}` : "";
  throw new Error(`timed out waiting for ${what}${reason}`, { cause: last });
}
