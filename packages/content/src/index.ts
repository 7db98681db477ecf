/**
 * `@undercurrent/content`: research briefs from trends, video scripts with QA, avatar and voice selection, the
 * research-to-video pipeline with resumable batches and multi-avatar campaigns, and per-platform repurposing with
 * message preservation and A/B variants. Works offline; better with any `TextGenerator` and `Embedder`.
 *
 * @packageDocumentation
 */
export * from "./avatar/index.js";
export * from "./repurpose/index.js";
export * from "./research/index.js";
export * from "./script/index.js";
export * from "./video/index.js";
