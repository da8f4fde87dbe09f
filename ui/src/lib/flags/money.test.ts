import { describe, expect, it } from "vitest";
import { basisPointsToPercent, millionsToPence, penceToMillions, percentToBasisPoints, say } from "./money";

describe("threshold inputs", () => {
  it("reads £ millions exactly", () => {
    expect(millionsToPence("0.5")).toBe(50_000_000);
    expect(millionsToPence("0.1")).toBe(10_000_000);
    expect(millionsToPence("12")).toBe(1_200_000_000);
    expect(millionsToPence("-1")).toBeNull();
    expect(millionsToPence("1e3")).toBeNull();
    expect(penceToMillions(25_000_000)).toBe("0.25");
    expect(penceToMillions(100_000_000)).toBe("1");
  });
  it("reads percentages exactly", () => {
    expect(percentToBasisPoints("5")).toBe(500);
    expect(percentToBasisPoints("7.5")).toBe(750);
    expect(percentToBasisPoints("abc")).toBeNull();
    expect(basisPointsToPercent(750)).toBe("7.5");
  });
  it("says money as the core does", () => {
    expect(say(352_000_000, true)).toBe("+£3.52m");
    expect(say(-6_900_000_000)).toBe("-£69m");
    expect(say(4_500_000)).toBe("£45,000");
  });
});
