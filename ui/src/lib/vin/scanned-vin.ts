// What a scanned barcode says the VIN is, before the live VIN check judges it. Only the obvious
// is done here: the check itself stays with keyfob-core.
import { Format } from '@tauri-apps/plugin-barcode-scanner';

/** The codes a VIN comes in: a door-pillar or windscreen label, or a registration document. */
export const VIN_FORMATS: readonly Format[] = [Format.Code39, Format.Code128, Format.DataMatrix, Format.QRCode];

/** Runs of the letters and digits a VIN may hold (no I, O or Q). No lookbehind: Safari 15. */
const VIN_RUNS = /[A-HJ-NPR-Z0-9]+/g;

/** Codes that carry text (a registration document's QR code), where the VIN is one part of it. */
const TEXT_FORMATS = new Set<string>([Format.QRCode, Format.DataMatrix, Format.Aztec, Format.PDF417]);

/**
 * The VIN in a scanned code, trimmed and in capitals, or null when a text code holds none.
 *
 * - A 1D label (Code 39, Code 128) holds the VIN alone. US door-pillar Code 39 labels often put
 *   an `I` (import) in front, making 18 characters: it is dropped. Anything else is passed on as
 *   it is, so the live check can point at what is wrong.
 * - A QR or Data Matrix code holds text: the first run of exactly 17 VIN characters in it.
 */
export function vinFromScan(content: string, format: Format | string | null = null): string | null {
  const text = content.trim().toUpperCase();
  if (text === '') return null;
  if (format !== null && TEXT_FORMATS.has(format)) {
    // Exactly 17, so a longer word is not cut into a VIN; a VIN always has digits, words do not.
    return text.match(VIN_RUNS)?.find((run) => run.length === 17 && /[0-9]/.test(run)) ?? null;
  }
  if (format === Format.Code39 && text.length === 18 && text.startsWith('I')) return text.slice(1);
  return text;
}
