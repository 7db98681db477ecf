import type { PlatformVariant } from "@undercurrent/content";

const columns = ["platform", "var", "hook", "length", "#", "similarity", "key terms", "pre-flight"] as const;

/** One row per variant: what it opens with, its length against the limit, hashtags, message kept and pre-flight. */
export function variantTable(variants: readonly PlatformVariant[], keyTermCount: number): string {
  const rows = variants.map((variant) => {
    const failed = variant.preflight.checks.filter((check) => !check.passed);
    return [
      variant.platform,
      variant.variant,
      `${variant.hookStyle}: ${shorten(variant.hook, 38)}`,
      `${variant.length}/${variant.limit}${variant.parts.length > 1 ? ` ×${variant.parts.length}` : ""}`,
      String(variant.hashtags.length),
      variant.preservation.similarity.toFixed(2),
      `${variant.preservation.keyTermsKept.length}/${keyTermCount}`,
      failed.length === 0 ? "ok" : failed.map((check) => `${check.severity === "error" ? "✗" : "!"} ${check.name}`).join(", "),
    ];
  });
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
