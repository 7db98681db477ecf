import { createMemoryStore, createReplaySources, createTrendEngine, replayHistory } from "@undercurrent/core";
import { burstRecording } from "@undercurrent/core/testing";

// Twelve days of Hacker News and GitHub with a planted burst about Stable Diffusion on day 8, replayed hour by hour.
const store = createMemoryStore();
const engine = createTrendEngine({ store });
await replayHistory({
  sources: await createReplaySources(burstRecording()),
  store,
  processors: [engine],
  from: new Date("2022-08-01T00:00:00Z"),
  to: new Date("2022-08-13T00:00:00Z"),
  stepMs: 3_600_000,
});
for (const trend of await engine.trends()) {
  const seenFirst = trend.evidence.map((evidence) => `${evidence.source} ${evidence.leadHours} h`).join(", ");
  console.log(`${trend.name} | ${trend.sources.join("+")} | ${trend.status} | first seen: ${seenFirst}`);
}
