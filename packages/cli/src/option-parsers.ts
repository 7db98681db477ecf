import { type TrendStatus, trendStatusSchema } from "@undercurrent/core";
import { InvalidArgumentError } from "commander";

// Parsers for commander options. A bad value throws InvalidArgumentError, which commander reports as
// "option '--lookback <hours>' argument '-1' is invalid. expected …" and the host turns into exit code 2.

/** A number greater than zero: `--lookback 6`, `--step 0.5`. */
export function positiveNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) throw new InvalidArgumentError("expected a number greater than 0.");
  return value;
}

/** A whole number of at least 1: `--limit 20`. */
export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1)
    throw new InvalidArgumentError("expected a whole number of at least 1.");
  return value;
}

/** A confidence from 0 to 1: `--min-confidence 0.5`. */
export function unitInterval(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1)
    throw new InvalidArgumentError("expected a number from 0 to 1.");
  return value;
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time: `2026-01-09`, `2026-01-09T10:00`, `2026-01-09T10:00:00+02:00`. A time without
 * an offset is UTC, like a date alone.
 */
export function isoDate(text: string): Date {
  const trimmed = text.trim();
  if (!isoDatePattern.test(trimmed)) {
    throw new InvalidArgumentError("expected an ISO 8601 date or date-time such as 2026-01-09 or 2026-01-09T10:00Z.");
  }
  const [year, month, day] = trimmed.slice(0, 10).split("-").map(Number) as [number, number, number];
  // `2026-02-30` matches the pattern but is no date (Date would roll it over to March 2).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || month < 1 || month > 12) {
    throw new InvalidArgumentError(`expected a real date; ${trimmed.slice(0, 10)} does not exist.`);
  }
  const normalized = trimmed.replace(" ", "T");
  const hasTime = normalized.length > 10;
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(normalized);
  const date = new Date(hasTime && !hasOffset ? `${normalized}Z` : normalized);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`expected a real date-time; ${trimmed} is not one.`);
  return date;
}

/** A comma-separated list of trend statuses: `--status emerging,rising`. */
export function statusList(text: string): TrendStatus[] {
  const names = commaList(text);
  const known: readonly string[] = trendStatusSchema.options;
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    const what = unknown.length > 0 ? `unknown status ${unknown.map((name) => `"${name}"`).join(", ")}; ` : "";
    throw new InvalidArgumentError(`${what}expected one or more of ${known.join(", ")}, separated by commas.`);
  }
  return names.map((name) => trendStatusSchema.parse(name));
}

/** A comma-separated list of source ids: `--source hackernews,github`. */
export function idList(text: string): string[] {
  const ids = commaList(text);
  if (ids.length === 0) throw new InvalidArgumentError("expected one or more source ids separated by commas, e.g. hackernews,github.");
  return ids;
}

function commaList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}
