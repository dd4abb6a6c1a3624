import { ApiError } from "@em/contracts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Control characters other than tab, newline and carriage return make text unreadable. */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f)
      return false;
  }
  return true;
}

/** Event data for display: UTF-8 text when it is printable text, otherwise hex. */
export function showEventData(data: Uint8Array): { data: string; encoding: "text" | "hex" } {
  try {
    const text = strictUtf8.decode(data);
    if (printable(text)) return { data: text, encoding: "text" };
  } catch {
    // Not UTF-8: shown as hex below.
  }
  return { data: Buffer.from(data).toString("hex"), encoding: "hex" };
}

/** The bytes of a test event's data as sent: UTF-8 text, or hex (pairs of hex digits). */
export function eventDataBytes(data: string, encoding: "text" | "hex"): Uint8Array {
  if (encoding === "text") return new TextEncoder().encode(data);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(data)) {
    const message = "data is not hex: send pairs of hex digits (0-9, a-f), e.g. 48656c6c6f";
    throw new ApiError("VALIDATION", `Invalid body: ${message}`, {
      details: { issues: [{ path: "data", message }] },
    });
  }
  return Uint8Array.from(Buffer.from(data, "hex"));
}
