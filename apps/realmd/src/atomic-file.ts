import { open, readFile, rename } from "node:fs/promises";

/**
 * Replaces `path` with `text` so that a crash at any moment leaves either the old file or the
 * new one, never a torn one: written to a temporary file, flushed to disk, then renamed over.
 * The caller serialises writes to one path (they share the temporary file).
 */
export async function writeFileAtomically(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, "w", mode);
  try {
    // open's mode is masked by the umask and ignored for a temporary file left by a crash.
    await handle.chmod(mode);
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** The file's text, or null when it does not exist; any other read error is thrown. */
export async function readTextIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
