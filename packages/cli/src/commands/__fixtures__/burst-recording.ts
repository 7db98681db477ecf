import type { RecordingEntryInput } from "@undercurrent/core";
import { makeItem, seededRandom } from "@undercurrent/core/testing";

/** 2022-08-01T00:00:00Z, the recording's first hour. */
export const recordingStart = Date.UTC(2022, 7, 1);

/** `recordingStart` plus `hours`. */
export const recordingHour = (hours: number) => new Date(recordingStart + hours * 3_600_000);

/** When the planted burst starts: day 8, 02:00, on GitHub; Hacker News follows five hours later. */
export const burstStart = recordingHour(8 * 24 + 2);

const vocabulary = (
  "amber basalt cobalt dahlia ember fjord garnet harbor iris jasper kelp lagoon marble nectar onyx prairie quartz raven " +
  "saffron tundra umber velvet willow xenon yarrow zephyr anchor beacon canyon delta estuary falcon glacier heron island " +
  "juniper kestrel lantern meadow nebula orchard pebble quiver reef sparrow thistle upland valley walrus yucca zinnia"
).split(" ");

/**
 * Ten days of Hacker News and GitHub: steady chatter about Rust, one-off noise, and on day 8 a burst about Stable
 * Diffusion that starts on GitHub and reaches Hacker News five hours later (the engine's own test scenario, shorter).
 */
export function burstRecording(): RecordingEntryInput[] {
  const random = seededRandom(7);
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)] ?? "amber";
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
      at: recordingHour(hours),
      item: makeItem({
        source,
        externalId,
        title,
        author: { id: author },
        publishedAt: recordingHour(hours),
        fetchedAt: recordingHour(hours),
        url: `https://example.com/${source}/${externalId}`,
        tags: [],
        ...extra,
      }),
    });
  for (let day = 0; day < 10; day++) {
    for (let index = 0; index < 3; index++) {
      item(
        "hackernews",
        `rust-${day}-${index}`,
        day * 24 + 3 + index * 6,
        `Rust compiler ${pick()} performance work in the borrow checker`,
        `rustacean-${index}`,
      );
    }
    for (let index = 0; index < 8; index++) {
      item(
        "hackernews",
        `noise-${day}-${index}`,
        day * 24 + index * 3,
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
