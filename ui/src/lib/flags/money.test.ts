import { describe, expect, it } from "vitest";
import { basisPointsToPercent, millionsToPence, penceToMillions, percentToBasisPoints } from "./money";

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
});
