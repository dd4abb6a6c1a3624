/** Bytes per line of a hex dump. @default 16 */
export const HEX_BYTES_PER_LINE = 16;

/** The hex the server sends (`48656c6c6f`) as a dump: `48 65 6c 6c 6f`, 16 bytes a line. */
export function hexDump(hex: string, bytesPerLine = HEX_BYTES_PER_LINE): string {
  const bytes = hex.match(/[0-9a-fA-F]{2}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += bytesPerLine) {
    lines.push(bytes.slice(i, i + bytesPerLine).join(" "));
  }
  return lines.join("\n");
}

/** Hex as typed, spaces and line breaks allowed: `de ad be ef` → `deadbeef`. */
export function normalizeHex(input: string): string {
  return input.replace(/\s+/g, "").toLowerCase();
}

/** Why `input` is not hex bytes, or null when it is. */
export function hexProblem(input: string): string | null {
  const hex = normalizeHex(input);
  if (!/^[0-9a-f]*$/.test(hex)) return "hex data has only 0-9 and a-f (spaces are ignored)";
  if (hex.length % 2 !== 0) return "hex data is whole bytes: an even number of digits";
  return null;
}

/** The size of the data as published: UTF-8 bytes of text, or the hex bytes. */
export function dataByteLength(data: string, encoding: "text" | "hex"): number {
  if (encoding === "hex") return Math.floor(normalizeHex(data).length / 2);
  return new TextEncoder().encode(data).length;
}
