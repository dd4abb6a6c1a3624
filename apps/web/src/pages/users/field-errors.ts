/** Zod issues as one message per top-level field, the first issue of each winning. */
export function fieldErrors<F extends string>(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "") as F;
    errors[field] ??= issue.message;
  }
  return errors;
}
