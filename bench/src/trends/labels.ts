import { readFile } from "node:fs/promises";
import { UndercurrentError } from "@undercurrent/core";

/** One labelled topic: an id and the case-insensitive JavaScript regex an item's text must match. */
export interface LabelTopic {
  id: string;
  pattern: string;
  regex: RegExp;
}

/** A label file: the scoring rules (`about`), the span replayed and scored, positive and negative topics. */
export interface TrendLabels {
  about: string;
  /** Days `YYYY-MM-DD`, both inclusive. */
  span: { from: string; to: string };
  positives: LabelTopic[];
  negatives: LabelTopic[];
}

/** Error codes of the label file. */
export const labelErrorCodes = {
  /** The label file is not there. */
  notFound: "LABELS_NOT_FOUND",
  /** The label file is not JSON of the expected shape. */
  invalid: "LABELS_INVALID",
} as const;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function invalid(file: string, message: string): UndercurrentError {
  return new UndercurrentError({ code: labelErrorCodes.invalid, message: `${file}: ${message}` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDay(value: unknown): value is string {
  if (typeof value !== "string" || !dayPattern.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls impossible days over (2023-02-30 → 03-02): the round trip must give the same day back.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function topicsOf(value: unknown, field: string, file: string): LabelTopic[] {
  if (!Array.isArray(value)) throw invalid(file, `${field} must be an array`);
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    if (!isRecord(entry) || typeof entry.id !== "string" || entry.id === "" || typeof entry.pattern !== "string" || entry.pattern === "") {
      throw invalid(file, `${field}.${index} must be { id, pattern } with non-empty strings`);
    }
    if (seen.has(entry.id)) throw invalid(file, `${field}.${index}: topic id "${entry.id}" listed twice`);
    seen.add(entry.id);
    let regex: RegExp;
    try {
      regex = new RegExp(entry.pattern, "i");
    } catch (error) {
      throw invalid(file, `${field}.${index}.pattern is not a JavaScript regex (${(error as Error).message})`);
    }
    return { id: entry.id, pattern: entry.pattern, regex };
  });
}

/** Checks the parsed JSON of a label file and compiles its patterns (case-insensitive). */
export function parseLabels(json: unknown, file = "labels"): TrendLabels {
  if (!isRecord(json)) throw invalid(file, "expected a JSON object");
  const { span } = json;
  if (!isRecord(span) || !isDay(span.from) || !isDay(span.to)) throw invalid(file, "span must be { from, to } as YYYY-MM-DD");
  if (span.to < span.from) throw invalid(file, "span.to is before span.from");
  return {
    about: typeof json.about === "string" ? json.about : "",
    span: { from: span.from, to: span.to },
    positives: topicsOf(json.positives, "positives", file),
    negatives: topicsOf(json.negatives, "negatives", file),
  };
}

/** Reads and checks a label file; a missing file is `LABELS_NOT_FOUND`, a malformed one `LABELS_INVALID`. */
export async function loadLabels(file: string): Promise<TrendLabels> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") {
      throw new UndercurrentError({ code: labelErrorCodes.notFound, message: `label file not found: ${file}`, cause: error });
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `not JSON (${(error as Error).message})`);
  }
  return parseLabels(json, file);
}
