// Thresholds as the member types them: £ millions and percentages, read
// exactly into pence and basis points (no floating point arithmetic).

/** "0.5" (£m) is 50,000,000 pence; null if it is not a plain decimal. */
export function millionsToPence(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:\.(\d{0,8}))?\s*$/.exec(text);
  if (!m) return null;
  const frac = (m[2] ?? "").padEnd(8, "0");
  return Number(m[1]) * 100_000_000 + Number(frac);
}

/** Pence as £ millions for an input: 50,000,000 is "0.5". */
export function penceToMillions(pence: number): string {
  const whole = Math.trunc(pence / 100_000_000);
  const frac = String(pence % 100_000_000).padStart(8, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

/** "5" or "7.5" (%) is 500 or 750 basis points. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^\s*(\d{1,4})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export function basisPointsToPercent(bp: number): string {
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${Math.trunc(bp / 100)}.${frac}` : String(Math.trunc(bp / 100));
}
