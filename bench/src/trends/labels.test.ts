import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { UndercurrentError } from "@undercurrent/core";
import { describe, expect, it } from "vitest";
import { labelErrorCodes, loadLabels, parseLabels } from "./labels.js";

const valid = {
  about: "rules",
  span: { from: "2023-01-01", to: "2023-06-30" },
  positives: [{ id: "llama", pattern: "llama" }],
  negatives: [{ id: "rust", pattern: "\\brust\\b" }],
};

describe("parseLabels", () => {
  it("compiles the patterns case-insensitively and keeps the span of any year", () => {
    const labels = parseLabels(valid);
    expect(labels.span).toEqual({ from: "2023-01-01", to: "2023-06-30" });
    expect(labels.positives[0]!.regex.test("LLaMA weights leak")).toBe(true);
    expect(labels.negatives[0]!.regex.test("trusted")).toBe(false);
  });

  it.each([
    [{ ...valid, span: { from: "2023-02-30", to: "2023-06-30" } }, /span must be/],
    [{ ...valid, span: { from: "2023-06-30", to: "2023-01-01" } }, /before span.from/],
    [{ ...valid, positives: [{ id: "x", pattern: "(" }] }, /positives.0.pattern is not a JavaScript regex/],
    [
      {
        ...valid,
        negatives: [
          { id: "rust", pattern: "a" },
          { id: "rust", pattern: "b" },
        ],
      },
      /listed twice/,
    ],
    [{ ...valid, positives: "llama" }, /positives must be an array/],
  ])("rejects a malformed label file (%#)", (json, message) => {
    expect(() => parseLabels(json)).toThrow(message);
  });
});

describe("loadLabels", () => {
  it("tells a missing file from a malformed one", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "bench-labels-"));
    const missing = await loadLabels(path.join(directory, "none.json")).catch((error: unknown) => error);
    expect(UndercurrentError.isInstance(missing) && missing.code).toBe(labelErrorCodes.notFound);
    await writeFile(path.join(directory, "bad.json"), "{", "utf8");
    const bad = await loadLabels(path.join(directory, "bad.json")).catch((error: unknown) => error);
    expect(UndercurrentError.isInstance(bad) && bad.code).toBe(labelErrorCodes.invalid);
  });
});
