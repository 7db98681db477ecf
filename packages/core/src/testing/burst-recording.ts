import type { RecordingEntryInput } from "../replay/recording.js";
import { seededRandom } from "./describe-vector-index.js";
import { makeItem } from "./fixtures.js";

/** 2022-08-01T00:00:00Z, the first hour of {@link burstRecording}. */
export const burstRecordingStart = Date.UTC(2022, 7, 1);

/** `burstRecordingStart` plus `hours`. */
export const burstRecordingHour = (hours: number) => new Date(burstRecordingStart + hours * 3_600_000);

/** When the planted burst starts: day 8, 02:00, on GitHub; Hacker News follows five hours later. */
export const burstRecordingBurstStart = burstRecordingHour(8 * 24 + 2);

const vocabulary = (
  "amber basalt cobalt dahlia ember fjord garnet harbor iris jasper kelp lagoon marble nectar onyx prairie quartz raven " +
  "saffron tundra umber velvet willow xenon yarrow zephyr anchor beacon canyon delta estuary falcon glacier heron island " +
  "juniper kestrel lantern meadow nebula orchard pebble quiver reef sparrow thistle upland valley walrus yucca zinnia " +
  "acorn bramble cedar driftwood elm fern grove hazel ivy jade larch moss nutmeg oak pine quince rowan sage teak"
).split(" ");

/** Options of {@link burstRecording}. */
export interface BurstRecordingOptions {
  /** Days of recording (at least 9, so the burst on day 8 fits). Defaults to 12. */
  days?: number;
  /** One-off noise stories a day, evenly spaced. Defaults to 12. */
  noisePerDay?: number;
  /** Seed of the noise titles. Defaults to 42. */
  seed?: number;
}

/**
 * A recording for testing trend detection end to end: steady chatter about Rust on Hacker News (three stories a
 * day, always discussed, never a trend), one-off noise, and on day 8 a cross-source burst about Stable Diffusion
 * that starts with a GitHub repository at 02:00 and reaches Hacker News five hours later (seven stories and one
 * that links the repository).
 */
export function burstRecording(options: BurstRecordingOptions = {}): RecordingEntryInput[] {
  const { days = 12, noisePerDay = 12, seed = 42 } = options;
  const random = seededRandom(seed);
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
  const entries: RecordingEntryInput[] = [];
  const item = (
    source: string,
    externalId: string,
    hours: number,
    title: string,
    author: string,
    extra: Parameters<typeof makeItem>[0] = {},
  ) =>
    entries.push({
      type: "item",
      at: burstRecordingHour(hours),
      item: makeItem({
        source,
        externalId,
        title,
        author: { id: author },
        publishedAt: burstRecordingHour(hours),
        fetchedAt: burstRecordingHour(hours),
        url: `https://example.com/${source}/${externalId}`,
        tags: [],
        ...extra,
      }),
    });
  for (let day = 0; day < days; day++) {
    for (let index = 0; index < 3; index++) {
      item(
        "hackernews",
        `rust-${day}-${index}`,
        day * 24 + 3 + index * 6,
        `Rust compiler ${pick()} performance improvements in the borrow checker`,
        `rustacean-${index}`,
      );
    }
    for (let index = 0; index < noisePerDay; index++) {
      item(
        "hackernews",
        `noise-${day}-${index}`,
        day * 24 + Math.floor((index * 24) / noisePerDay),
        `${pick()} ${pick()} ${pick()} ${pick()}`,
        `person-${day}-${index}`,
      );
    }
  }
  item("github", "CompVis/stable-diffusion", 8 * 24 + 2, "CompVis/stable-diffusion", "CompVis", {
    kind: "repository",
    text: "Stable Diffusion: a latent text-to-image diffusion model",
    url: "https://github.com/CompVis/stable-diffusion",
  });
  const titles = [
    "Stable Diffusion public release: open text-to-image model",
    "Running Stable Diffusion on an M1 Mac",
    "Stable Diffusion image generation is now open source",
    "Show HN: A web UI for Stable Diffusion image generation",
    "Stable Diffusion text-to-image prompts that work",
    "How Stable Diffusion image generation works",
    "Stable Diffusion image generation without a GPU",
  ];
  for (const [index, title] of titles.entries()) item("hackernews", `sd-${index}`, 8 * 24 + 7 + index * 2, title, `author-${index}`);
  item("hackernews", "sd-link", 8 * 24 + 9, "A new AI art model everyone is talking about", "linker", {
    url: "https://github.com/CompVis/stable-diffusion",
  });
  return entries;
}
