import { createMemoryStore, ValidationError } from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import fixture from "../research/__fixtures__/bun-trend.json" with { type: "json" };
import { sampleAvatars, sampleVoices } from "./__fixtures__/catalogue.js";
import { createInstantClock, spyProvider } from "./__fixtures__/video-test-kit.js";
import { renderTrendVideo } from "./research-video.js";

const polling = { initialIntervalMs: 1_000, maxIntervalMs: 1_000, factor: 1, timeoutMs: 600_000 };
const trend = fixture.trend as Parameters<typeof renderTrendVideo>[0]["trend"];
const evidenceItems = fixture.items as Parameters<typeof renderTrendVideo>[0]["evidenceItems"];

describe("renderTrendVideo", () => {
  it("goes from a trend to rendered videos for every platform, with the results stored with the jobs", async () => {
    const inner = createMockVideoProvider({ avatars: sampleAvatars, voices: sampleVoices });
    const provider = spyProvider(inner);
    const store = createMemoryStore();
    const options = {
      trend,
      evidenceItems,
      platforms: ["tiktok", "instagram-reels", "youtube-shorts", "youtube", "linkedin"] as const,
      provider,
      store,
      script: { durationSeconds: 45, tone: "professional" as const, audience: "developers" },
      avatar: { tone: "professional" as const, audience: "developers" },
      clock: createInstantClock(),
      polling,
    };
    const result = await renderTrendVideo({ ...options, platforms: [...options.platforms] });

    expect(result.brief.trendId).toBe(fixture.trend.id);
    expect(result.script.qa.passed).toBe(true);
    expect(result.avatar.choice?.reasons.length).toBeGreaterThan(0);
    expect(result.renders.map((render) => [render.aspectRatio, render.platforms])).toEqual([
      ["9:16", ["tiktok", "instagram-reels", "youtube-shorts"]],
      ["16:9", ["youtube"]],
      ["1:1", ["linkedin"]],
    ]);
    for (const render of result.renders) {
      expect(render.job).toMatchObject({
        status: "completed",
        request: { script: result.script.text, captions: true, aspectRatio: render.aspectRatio },
      });
      const stored = await store.getVideoJob(render.job.id);
      expect(stored?.result?.videoUrl).toBe(render.job.result?.videoUrl);
    }
    const drafts = await store.listContentDrafts({ trendId: fixture.trend.id });
    expect(drafts.map((draft) => draft.platform).sort()).toEqual(["instagram-reels", "linkedin", "tiktok", "youtube", "youtube-shorts"]);
    for (const draft of drafts) {
      expect(draft).toMatchObject({ format: "video-script", text: result.script.text });
      expect(draft.sourceUrls.length).toBeGreaterThan(0);
      const render = result.renders.find((candidate) => candidate.platforms.includes(draft.platform as never));
      expect(draft.metadata.videoJobId).toBe(render?.job.id);
    }

    // Running the pipeline again resumes the same batch: nothing is paid twice.
    const again = await renderTrendVideo({ ...options, platforms: [...options.platforms], clock: createInstantClock() });
    expect(again.batch.startsThisRun).toBe(0);
    expect(inner.paidRenders).toBe(3);
  });

  it("uses a named avatar, and rejects unknown avatars, unknown platforms and scripts too long for a platform before paying", async () => {
    const provider = spyProvider(createMockVideoProvider({ avatars: sampleAvatars, voices: sampleVoices }));
    const store = createMemoryStore();
    const base = { trend, evidenceItems, provider, store, clock: createInstantClock(), polling };
    const named = await renderTrendVideo({ ...base, platforms: ["youtube"], avatar: { avatarId: "look-daniel" } });
    expect(named.avatar).toEqual({ avatarId: "look-daniel", voiceId: "voice-james" });
    expect(named.renders[0]?.job.request).toMatchObject({ avatarId: "look-daniel", voiceId: "voice-james", aspectRatio: "16:9" });
    const startsBefore = provider.starts.length;

    await expect(renderTrendVideo({ ...base, platforms: ["youtube"], avatar: { avatarId: "look-nobody" } })).rejects.toThrow(
      /avatarId: unknown avatar "look-nobody"/,
    );
    await expect(renderTrendVideo({ ...base, platforms: ["myspace" as "youtube"] })).rejects.toThrow(/platforms\.0/);
    await expect(renderTrendVideo({ ...base, platforms: [] })).rejects.toThrow(ValidationError);
    await expect(
      renderTrendVideo({ ...base, platforms: ["youtube", "instagram-reels"], script: { durationSeconds: 240 } }),
    ).rejects.toThrow(/script\.durationSeconds: 240 s is longer than the 180 s/);
    expect(provider.starts.length).toBe(startsBefore);
  });
});
