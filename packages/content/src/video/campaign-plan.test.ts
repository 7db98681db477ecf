import { createMemoryStore, ValidationError } from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { sampleAvatars, sampleVoices } from "./__fixtures__/catalogue.js";
import { createInstantClock, spyProvider } from "./__fixtures__/video-test-kit.js";
import type { CampaignBriefInput } from "./campaign-brief.js";
import { planVideoCampaign } from "./campaign-plan.js";
import { campaignBatchItems, runVideoCampaign } from "./campaign-run.js";

const brief: CampaignBriefInput = {
  name: "Acme Cloud Backup",
  goal: "Launch Acme Cloud Backup and get small teams to start a free trial.",
  audience: "small business owners",
  keyMessages: ["Backups run every hour without anyone clicking anything.", "Everything is encrypted before it leaves your laptop."],
  videoCount: 6,
  platforms: ["tiktok", "instagram-reels", "youtube", "linkedin"],
  startDate: "2026-12-01T00:00:00Z",
  endDate: "2026-12-11T00:00:00Z",
  callToAction: "Start your free trial today.",
};
const catalogue = { avatars: sampleAvatars, voices: sampleVoices };

describe("planVideoCampaign", () => {
  it("gives each video an angle, a presenter per content type, every key message and a publishing date", async () => {
    const plan = await planVideoCampaign(brief, { catalogue });
    expect(plan.id).toBe("acme-cloud-backup");
    expect(plan.videos.map((video) => video.id)).toEqual(["01", "02", "03", "04", "05", "06"].map((n) => `acme-cloud-backup-${n}`));
    // A launch leads with the announcement; six kinds of video, six distinct angles.
    expect(plan.videos.map((video) => video.contentType)).toEqual(["announcement", "explainer", "tutorial", "story", "faq", "promo"]);
    expect(new Set(plan.videos.map((video) => video.angle)).size).toBe(6);
    expect(new Set(plan.videos.map((video) => video.script.text)).size).toBe(6);

    // One presenter per content type, distinct while the catalogue has enough (4 looks for 6 kinds).
    expect(plan.avatars).toHaveLength(6);
    expect(new Set(plan.avatars.slice(0, 4).map((assignment) => assignment.avatarId)).size).toBe(4);
    expect(plan.warnings.some((warning) => warning.includes("too few matching avatars"))).toBe(true);
    for (const video of plan.videos) {
      expect(video.avatar).toEqual(plan.avatars.find((assignment) => assignment.contentType === video.contentType));
      expect(video.avatar.reasons.length).toBeGreaterThan(0);
    }
    const story = plan.avatars.find((assignment) => assignment.contentType === "story");
    expect(story?.avatarId).toBe("look-marcus"); // the casual presenter tells the story

    // The same key messages in every video.
    expect(plan.keyMessagesInEveryVideo).toBe(true);
    for (const video of plan.videos) {
      for (const message of brief.keyMessages) expect(video.script.text).toContain(message);
      expect(video.script.text).toContain("Start your free trial today.");
    }

    // Spread over the 11 days, first on the first day and last on the last, each platform at its hour.
    const first = plan.videos[0]?.publishAt;
    expect(first?.find((slot) => slot.platform === "linkedin")?.at.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(first?.find((slot) => slot.platform === "tiktok")?.at.toISOString()).toBe("2026-12-01T18:00:00.000Z");
    expect(plan.videos[5]?.publishAt.find((slot) => slot.platform === "youtube")?.at.toISOString()).toBe("2026-12-11T15:00:00.000Z");
    const days = plan.videos.map((video) => video.publishAt[0]?.at.getTime() ?? 0);
    expect([...days].sort((a, b) => a - b)).toEqual(days);

    // TikTok and Reels share one 9:16 render; YouTube 16:9; LinkedIn 1:1. Captions on.
    for (const video of plan.videos) {
      expect(video.renders.map((render) => [render.aspectRatio, render.platforms])).toEqual([
        ["9:16", ["tiktok", "instagram-reels"]],
        ["16:9", ["youtube"]],
        ["1:1", ["linkedin"]],
      ]);
      expect(video.renders.every((render) => render.request.captions && render.request.avatarId === video.avatar.avatarId)).toBe(true);
    }
    expect(plan.renderCount).toBe(18);
  });

  it("is deterministic: the same brief plans the same videos (so a re-run resumes instead of paying again)", async () => {
    const first = await planVideoCampaign(brief, { catalogue });
    const second = await planVideoCampaign(brief, { catalogue });
    expect(campaignBatchItems(second)).toEqual(campaignBatchItems(first));
  });

  it("renders the plan as one resumable batch, mapping every render back to its video", async () => {
    const inner = createMockVideoProvider({ avatars: sampleAvatars, voices: sampleVoices });
    const provider = spyProvider(inner);
    const store = createMemoryStore();
    const plan = await planVideoCampaign(
      { ...brief, videoCount: 3, platforms: ["tiktok", "linkedin"], linkedinAspectRatio: "4:5" },
      { catalogue },
    );
    const options = {
      plan,
      provider,
      store,
      clock: createInstantClock(),
      polling: { initialIntervalMs: 1_000, maxIntervalMs: 1_000, factor: 1, timeoutMs: 600_000 },
    };
    const report = await runVideoCampaign(options);
    expect(report.batch).toMatchObject({ batchId: "campaign:acme-cloud-backup", total: 6, completed: 6 });
    expect(report.videos).toHaveLength(3);
    for (const video of report.videos) {
      expect(video.renders.map((render) => render.aspectRatio)).toEqual(["9:16", "4:5"]);
      for (const render of video.renders) {
        expect(render.job).toMatchObject({ status: "completed", draftId: `${video.videoId}/${render.aspectRatio}` });
        expect(render.job.request).toMatchObject({ aspectRatio: render.aspectRatio, avatarId: video.avatarId });
      }
    }
    await runVideoCampaign({ ...options, clock: createInstantClock() });
    expect(inner.paidRenders).toBe(6);
    expect(provider.starts).toHaveLength(6);
  });

  it("rejects a bad brief with errors that name the field", async () => {
    await expect(planVideoCampaign({ ...brief, keyMessages: [] }, { catalogue })).rejects.toThrow(/brief\.keyMessages/);
    await expect(planVideoCampaign({ ...brief, platforms: ["myspace" as "tiktok"] }, { catalogue })).rejects.toThrow(/brief\.platforms\.0/);
    await expect(planVideoCampaign({ ...brief, endDate: "2026-11-01T00:00:00Z" }, { catalogue })).rejects.toThrow(/brief\.endDate/);
    await expect(planVideoCampaign({ ...brief, videoCount: 0 }, { catalogue })).rejects.toThrow(ValidationError);
    await expect(planVideoCampaign({ ...brief, durationSeconds: 300 }, { catalogue })).rejects.toThrow(
      /brief\.durationSeconds: 300 s is longer/,
    );
    await expect(planVideoCampaign({ ...brief, language: "de" }, { catalogue })).rejects.toMatchObject({ code: "VIDEO_NO_AVATAR" });
  });
});
