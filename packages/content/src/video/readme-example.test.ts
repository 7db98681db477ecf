import { createMemoryStore, type ItemInput, type TrendInput } from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { afterEach, expect, it, vi } from "vitest";
import { renderTrendVideo, runVideoBatch } from "../index.js";
import fixture from "../research/__fixtures__/bun-trend.json" with { type: "json" };

afterEach(() => {
  vi.useRealTimers();
});

// The README's "Video" snippet, against a memory store holding a recorded trend and core's mock video provider. The
// snippet polls with the default intervals (5 s and up), so the test runs it on fake timers and moves them forward.
it("runs the README video snippet: a trend to a video for every platform, then a batch", async () => {
  const store = createMemoryStore();
  await store.putItems(fixture.items as ItemInput[]);
  await store.putTrend(fixture.trend as TrendInput);
  const provider = createMockVideoProvider();
  const printed: string[] = [];
  const console = { log: (line: string) => printed.push(line) };
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });

  const snippet = async () => {
    // --- README snippet ---
    // A trend the engine stored, and the items it rests on.
    const trend = await store.getTrend("trend-bun-12");
    if (!trend) throw new Error("no such trend: run a scan first");
    const itemIds = [...new Set(trend.evidence.flatMap((evidence) => evidence.itemIds))];
    const evidenceItems = (await Promise.all(itemIds.map((id) => store.getItem(id)))).filter((item) => item !== undefined);

    // Trend → brief → script (QA) → presenter → one render per aspect ratio → provider → jobs in the store.
    const video = await renderTrendVideo({
      trend,
      evidenceItems,
      platforms: ["tiktok", "instagram-reels", "youtube", "linkedin"],
      script: { durationSeconds: 45, tone: "professional", audience: "developers" },
      avatar: { tone: "professional", audience: "developers" },
      provider,
      store,
      maxCost: 10,
    });
    console.log(`"${video.script.title}", ${video.script.wordCount} words, presented by ${video.avatar.choice?.avatar.name}`);
    for (const render of video.renders) {
      console.log(`${render.aspectRatio} for ${render.platforms.join(", ")}: ${render.job.status} ${render.job.result?.videoUrl}`);
    }

    // A batch: the budget is checked first, renders run within the provider's concurrency, the ledger makes it resumable.
    const { avatarId, voiceId } = video.avatar;
    const hooks = ["Bun 1.2 ships an S3 client.", "Bun 1.2 speaks Postgres.", "Bun 1.2 has a text lockfile."];
    const report = await runVideoBatch({
      provider,
      store,
      batchId: "bun-shorts",
      items: hooks.map((script, index) => ({
        draftId: `bun-short-${index + 1}`,
        request: { avatarId, voiceId, script, aspectRatio: "9:16", captions: true },
      })),
      maxCost: 25,
      onEvent: (event) => {
        if (event.type === "job-completed") console.log(`${event.job.draftId} done (${event.progress.completed}/${event.progress.total})`);
      },
    });
    console.log(`${report.completed}/${report.total} completed, estimated ${report.estimatedCost.amount} ${report.estimatedCost.unit}`);
    // --- end of snippet ---
  };

  let finished = false;
  const run = snippet().finally(() => {
    finished = true;
  });
  for (let step = 0; step < 200 && !finished; step++) await vi.advanceTimersByTimeAsync(1_000);
  await run;

  expect(printed[0]).toMatch(/^".+", \d+ words, presented by Anna$/);
  expect(printed.slice(1, 4)).toEqual([
    "9:16 for tiktok, instagram-reels: completed https://videos.example.com/render-1.mp4",
    "16:9 for youtube: completed https://videos.example.com/render-2.mp4",
    "1:1 for linkedin: completed https://videos.example.com/render-3.mp4",
  ]);
  expect(printed.slice(4, 7).sort()).toEqual(["bun-short-1 done (1/3)", "bun-short-2 done (2/3)", "bun-short-3 done (3/3)"].sort());
  expect(printed[7]).toBe("3/3 completed, estimated 3 credits");
  expect(provider.paidRenders).toBe(6);
  expect(await store.listVideoJobs({ batchId: "bun-shorts", status: ["completed"] })).toHaveLength(3);
});
