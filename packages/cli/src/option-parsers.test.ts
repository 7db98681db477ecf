import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { idList, isoDate, positiveInteger, positiveNumber, statusList, unitInterval } from "./option-parsers.js";

describe("option parsers", () => {
  it("read ISO dates, a time without an offset as UTC", () => {
    expect(isoDate("2026-01-09").toISOString()).toBe("2026-01-09T00:00:00.000Z");
    expect(isoDate("2026-01-09T10:30").toISOString()).toBe("2026-01-09T10:30:00.000Z");
    expect(isoDate("2026-01-09 10:30:15Z").toISOString()).toBe("2026-01-09T10:30:15.000Z");
    expect(isoDate("2026-01-09T10:00:00+02:00").toISOString()).toBe("2026-01-09T08:00:00.000Z");
    for (const bad of ["yesterday", "2026-02-30", "2026-13-01", "09/01/2026", "2026-01-09T25:00"]) {
      expect(() => isoDate(bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("read numbers within their range", () => {
    expect(positiveNumber("0.5")).toBe(0.5);
    for (const bad of ["0", "-1", "", "abc", "Infinity"]) expect(() => positiveNumber(bad), bad).toThrow(InvalidArgumentError);
    expect(positiveInteger("20")).toBe(20);
    for (const bad of ["0", "2.5", "1e3", "-4"]) expect(() => positiveInteger(bad), bad).toThrow(InvalidArgumentError);
    expect(unitInterval("0")).toBe(0);
    expect(unitInterval("1")).toBe(1);
    for (const bad of ["1.01", "-0.1", ""]) expect(() => unitInterval(bad), bad).toThrow(InvalidArgumentError);
  });

  it("read comma-separated lists, naming unknown statuses", () => {
    expect(statusList("emerging, rising")).toEqual(["emerging", "rising"]);
    expect(() => statusList("rising,hot,cold")).toThrow(
      'unknown status "hot", "cold"; expected one or more of emerging, rising, peaking, declining',
    );
    expect(() => statusList(",")).toThrow(InvalidArgumentError);
    expect(idList("hackernews,,github ")).toEqual(["hackernews", "github"]);
    expect(() => idList(" , ")).toThrow(InvalidArgumentError);
  });
});
