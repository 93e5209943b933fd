/** Addresses in reports: lowercase hex, at least 8 digits (JSON and text alike). */
export function hexAddress(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
