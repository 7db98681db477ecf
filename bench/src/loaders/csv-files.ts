import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { UndercurrentError } from "@undercurrent/core";
import { parse } from "csv-parse/sync";
import type { SkipCounter } from "./load-result.js";

/** Error codes thrown by the loaders; the replay script reports them per dataset and carries on. */
export const datasetErrorCodes = {
  /** A folder or file the loader needs is absent. */
  notFound: "DATASET_NOT_FOUND",
  /** A file is there but lacks a column the loader reads. */
  invalid: "DATASET_INVALID",
} as const;

/** One data row of a CSV file, by header name. */
export type CsvRecord = Readonly<Record<string, string>>;

function isMissingFile(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isMissingFile(error)) {
      throw new UndercurrentError({ code: datasetErrorCodes.notFound, message: `dataset file not found: ${file}`, cause: error });
    }
    throw error;
  }
}

/**
 * Every row of a CSV file as arrays of cells, header included. Rows may differ in length (the Google Trends
 * exports start with one-cell description rows); fully empty lines are dropped.
 */
export async function readCsvRows(file: string): Promise<string[][]> {
  return parse(await readText(file), { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
}

/**
 * The data rows of a CSV file with a header, as records. A missing `requiredColumns` header is a
 * `DATASET_INVALID` error; a row whose cell count differs from the header is counted in `skipped` and left out.
 */
export async function readCsvRecords(
  file: string,
  requiredColumns: readonly string[],
  skipped: SkipCounter,
): Promise<{ records: CsvRecord[]; rows: number }> {
  const [header, ...rows] = await readCsvRows(file);
  const columns = (header ?? []).map((cell) => cell.trim());
  const missing = requiredColumns.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new UndercurrentError({
      code: datasetErrorCodes.invalid,
      message: `${file}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    });
  }
  const records: CsvRecord[] = [];
  for (const row of rows) {
    if (row.length !== columns.length) {
      skipped.add(`${path.basename(file)}: wrong number of cells`);
      continue;
    }
    records.push(Object.fromEntries(columns.map((column, index) => [column, row[index]!])));
  }
  return { records, rows: rows.length };
}

/** The files of `directory` whose names match `pattern`, sorted; a missing folder is `DATASET_NOT_FOUND`. */
export async function listDatasetFiles(directory: string, pattern: RegExp): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if (isMissingFile(error)) {
      throw new UndercurrentError({ code: datasetErrorCodes.notFound, message: `dataset folder not found: ${directory}`, cause: error });
    }
    throw error;
  }
  const files = names.filter((name) => pattern.test(name)).sort();
  if (files.length === 0) {
    throw new UndercurrentError({ code: datasetErrorCodes.notFound, message: `no file matching ${pattern} in ${directory}` });
  }
  return files.map((name) => path.join(directory, name));
}

/** Whether `file` exists (optional companion files such as GitHub's `repos.csv`). */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if (isMissingFile(error)) return false;
    throw error;
  }
}
