import { open } from "node:fs/promises";

/** @default 20 */
export const LOG_TAIL_LINES = 20;
const TAIL_BYTES = 8 * 1024;

/** The last lines of a log file, or "" when it cannot be read. */
export async function readLogTail(path: string, lines = LOG_TAIL_LINES): Promise<string> {
  try {
    const handle = await open(path, "r");
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString("utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } finally {
      await handle.close();
    }
  } catch {
    return "";
  }
}
