import { createTestServer, describeSource } from "@undercurrent/core/testing";
import { healthyRoutes } from "./__fixtures__/google-trends-routes.js";
import { createGoogleTrendsSource } from "./google-trends-source.js";

const server = createTestServer();

describeSource("google-trends", {
  create: () => createGoogleTrendsSource({ keywords: ["bitcoin", "ethereum"] }),
  // The feed's pubDates are moved into the suite's look-back window (it runs on the real clock).
  http: { server, success: healthyRoutes({ now: Date.now() }) },
});
