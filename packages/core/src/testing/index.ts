/**
 * `@undercurrent/core/testing`: an msw-based test server that records calls, contract mocks, fixtures and
 * the conformance suites every implementation runs. Needs `vitest` (and `msw` for the test server).
 *
 * @packageDocumentation
 */
export * from "./burst-recording.js";
export * from "./describe-embedder.js";
export * from "./describe-forecaster.js";
export * from "./describe-source.js";
export * from "./describe-store.js";
export * from "./describe-vector-index.js";
export * from "./describe-video-provider.js";
export * from "./fixtures.js";
export * from "./mocks.js";
export * from "./test-server.js";
