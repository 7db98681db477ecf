import { describeVideoProvider } from "@undercurrent/core/testing";
import { afterAll, beforeAll } from "vitest";
import { createHeyGenVideoProvider } from "./heygen-video-provider.js";
import { createHeyGenMockServer, type HeyGenMockServer } from "./mock/heygen-mock-server.js";

let mock: HeyGenMockServer;
beforeAll(async () => {
  mock = await createHeyGenMockServer({ apiKey: "conformance-key-1234" });
});
afterAll(() => mock.close());

describeVideoProvider("heygen (against the loopback mock)", {
  create: () => createHeyGenVideoProvider({ apiKey: mock.apiKey, baseURL: mock.url, webhookSecret: "whsec_conformance" }),
  validRequest: {
    avatarId: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60",
    voiceId: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
    script: "Here are this week's top trends.",
    aspectRatio: "9:16",
    captions: true,
  },
  // Renders take 4 s of mock time: each poll moves the mock's clock 1 s.
  betweenPolls: () => mock.advance(1_000),
  maxPolls: 10,
  paidRenders: () => mock.counters.paidRenders,
});
