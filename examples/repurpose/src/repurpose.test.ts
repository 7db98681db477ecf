import { repurposePlatforms } from "@undercurrent/content";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("repurpose example", () => {
  it("prints a table with two passing variants for every platform, then each platform's post", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...values: unknown[]) => void lines.push(values.map(String).join(" ")));
    await import("./repurpose.js");
    const output = lines.join("\n");

    expect(lines[0]).toBe("Key terms every variant keeps: Bun, Node.js, JavaScript\n");
    const table = lines[1]!.split("\n");
    expect(table[0]).toMatch(/^platform\s+var\s+hook\s+length\s+#\s+similarity\s+key terms\s+pre-flight$/);
    const rows = table.slice(2);
    expect(rows).toHaveLength(repurposePlatforms.length * 2);
    for (const platform of repurposePlatforms) {
      const platformRows = rows.filter((row) => row.split(/\s{2,}/)[0] === platform);
      expect(platformRows.map((row) => row.split(/\s{2,}/)[1])).toEqual(["A", "B"]);
      for (const row of platformRows) expect(row).toMatch(/3\/3\s+(ok|! \w[\w-]*)$/);
    }
    expect(output).toContain("── x (");
    expect(output).toContain("Title: Bun 1.2 makes the JavaScript runtime race interesting again");
    expect(lines.at(-1)).toBe(`\n${repurposePlatforms.length * 2}/${repurposePlatforms.length * 2} variants passed every check`);
  });
});
