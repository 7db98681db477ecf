import path from "node:path";
import { launchCampaign } from "./campaign-brief.js";
import { runCampaignExample } from "./run-campaign.js";

// `pnpm --filter @undercurrent-examples/video-campaign start`: offline on the HeyGen mock, or on HeyGen when
// HEYGEN_API_KEY is set. The ledger lives in .data/campaign.db: stop it half-way and run it again to resume.
const controller = new AbortController();
process.once("SIGINT", () => controller.abort(new DOMException("stopped by SIGINT", "AbortError")));

const { report } = await runCampaignExample({
  brief: launchCampaign,
  storePath: path.resolve(process.env.CAMPAIGN_STORE ?? ".data/campaign.db"),
  env: process.env,
  maxCost: Number(process.env.CAMPAIGN_MAX_COST ?? 50),
  log: (line) => console.log(line),
  signal: controller.signal,
});
process.exitCode = report.batch.failed + report.batch.queued + report.batch.rendering > 0 ? 1 : 0;
