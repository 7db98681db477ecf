import { repurpose } from "@undercurrent/content";
import { samplePost } from "./sample-post.js";
import { variantTable } from "./variant-table.js";

// One post, every platform, two A/B variants each; offline (core's local embedder checks the message is kept).
const result = await repurpose(samplePost, { variants: 2 });

console.log(`Key terms every variant keeps: ${result.keyTerms.join(", ")}\n`);
console.log(variantTable(result.variants, result.keyTerms.length));
for (const variant of result.variants.filter((candidate) => candidate.variant === "A")) {
  console.log(`\n── ${variant.platform} (${variant.length}/${variant.limit} ${variant.unit}) ──`);
  if (variant.title) console.log(`Title: ${variant.title}\n`);
  console.log(variant.text);
}
console.log(`\n${result.variants.filter((variant) => variant.passed).length}/${result.variants.length} variants passed every check`);
