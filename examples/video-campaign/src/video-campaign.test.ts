import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHeyGenMockServer } from "@undercurrent/video-heygen";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { launchCampaign } from "./campaign-brief.js";
import { runCampaignExample } from "./run-campaign.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "video-campaign-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("video-campaign example", () => {
  it("plans and renders the whole campaign offline, then a second run resumes without paying again", async () => {
    const mock = await createHeyGenMockServer({ renderTiming: { pendingMs: 100, processingMs: 300 } });
    try {
      const lines: string[] = [];
      const options = {
        brief: launchCampaign,
        storePath: path.join(directory, "campaign.db"),
        env: {},
        maxCost: 50,
        log: (line: string) => lines.push(line),
        mock,
      };
      const { plan, report, provider } = await runCampaignExample(options);
      expect(provider).toBe("heygen-mock");
      expect(plan.videos).toHaveLength(6);
      expect(plan.keyMessagesInEveryVideo).toBe(true);
      expect(new Set(plan.avatars.map((assignment) => assignment.avatarId)).size).toBeGreaterThan(1);
      expect(report.batch).toMatchObject({ total: 18, completed: 18, failed: 0, queued: 0 });
      for (const video of report.videos) {
        expect(video.renders.map((render) => render.aspectRatio)).toEqual(["9:16", "16:9", "1:1"]);
        for (const render of video.renders) expect(render.job.result?.videoUrl).toMatch(/^https?:\/\//);
      }
      expect(lines[0]).toMatch(/^Rendering offline on the HeyGen mock at http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines).toContain('Plan "undercurrent-radar": 6 videos, 18 renders, key messages in every video: true');
      expect(lines.some((line) => line.startsWith("QA sample ready: "))).toBe(true);
      expect(mock.counters.paidRenders).toBe(18);

      const again = await runCampaignExample(options);
      expect(again.report.batch).toMatchObject({ completed: 18, startsThisRun: 0 });
      expect(mock.counters.paidRenders).toBe(18);
      expect(mock.counters.duplicatePaidRenders).toBe(0);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it("refuses a campaign above its budget before anything is paid", async () => {
    const mock = await createHeyGenMockServer();
    try {
      const lines: string[] = [];
      const options = {
        brief: launchCampaign,
        storePath: path.join(directory, "campaign.db"),
        env: {},
        maxCost: 0.5,
        log: (line: string) => lines.push(line),
        mock,
      };
      await expect(runCampaignExample(options)).rejects.toMatchObject({ code: "VIDEO_BUDGET_EXCEEDED" });
      expect(mock.counters.createRequests).toBe(0);
    } finally {
      await mock.close();
    }
  });
});
