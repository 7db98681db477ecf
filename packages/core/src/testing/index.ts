/**
 * `@undercurrent/core/testing`: an msw-based test server that records calls, contract mocks, fixtures and
 * the conformance suites every implementation runs. Needs `vitest` (and `msw` for the test server).
 *
 * @packageDocumentation
 */
export * from "./describe-store.js";
export * from "./fixtures.js";
