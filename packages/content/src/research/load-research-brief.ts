import { type Item, type Store, ValidationError } from "@undercurrent/core";
import { createResearchBrief, type ResearchBriefOptions } from "./create-research-brief.js";
import type { ResearchBrief } from "./research-brief-schema.js";

/**
 * Reads a trend and its evidence items from a store and builds its {@link ResearchBrief} with
 * {@link createResearchBrief}. Items the store no longer has are skipped. Throws a `ValidationError` naming
 * `trendId` when the store has no such trend, and `evidenceItems` when none of its items is left.
 */
export async function loadResearchBrief(
  store: Pick<Store, "getTrend" | "getItem">,
  trendId: string,
  options: ResearchBriefOptions = {},
): Promise<ResearchBrief> {
  const trend = await store.getTrend(trendId);
  if (!trend)
    throw new ValidationError({
      context: "loadResearchBrief",
      issues: [{ path: "trendId", message: `no trend "${trendId}" in the store` }],
    });
  const ids = [...new Set(trend.evidence.flatMap((evidence) => evidence.itemIds))];
  const items = (await Promise.all(ids.map((id) => store.getItem(id)))).filter((item): item is Item => item !== undefined);
  return createResearchBrief(trend, items, options);
}
