import { fileURLToPath } from "node:url";
import type { RecordingEntry } from "@undercurrent/core";
import { expect } from "vitest";

/** The synthetic datasets, laid out like `shared/data` (same folders, files and headers). */
export const fixturesDirectory = fileURLToPath(new URL("../__fixtures__", import.meta.url));

/** Every item id is `<source>:<externalId>`, and every observation points at an id of its own source. */
export function expectIdsFollowSources(entries: readonly RecordingEntry[], source: string): void {
  for (const entry of entries) {
    if (entry.type === "item") {
      expect(entry.item.source).toBe(source);
      expect(entry.item.id).toBe(`${source}:${entry.item.externalId}`);
    } else if (entry.type === "observation") {
      expect(entry.observation.source).toBe(source);
      expect(entry.observation.itemId.startsWith(`${source}:`)).toBe(true);
    } else {
      expect(entry.series.source).toBe(source);
      expect(entry.series.id.startsWith(`${source}:`)).toBe(true);
    }
  }
}

/** The entries of one type, narrowed. */
export function entriesOfType<Type extends RecordingEntry["type"]>(
  entries: readonly RecordingEntry[],
  type: Type,
): Extract<RecordingEntry, { type: Type }>[] {
  return entries.filter((entry): entry is Extract<RecordingEntry, { type: Type }> => entry.type === type);
}
