import type { ContentExample } from "./content-draft.js";
import type { EarlyPopularityExample } from "./early-curve.js";
import { seededRandom } from "./numeric.js";

const hourMs = 3_600_000;
const start = Date.UTC(2024, 0, 1);

/**
 * Synthetic hourly trajectories N(t) = peak · (1 − e^(−t/τ)) with per-item time constants τ: a fast item
 * (small τ) is near its peak by hour 2, a slow one far from it, so the peak/N(2 h) ratio varies and only
 * the curve's shape tells them apart (what Szabo–Huberman cannot see).
 */
export function syntheticTrajectories(count: number, seed = 7, source = "synthetic"): EarlyPopularityExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const peak = Math.round(50 + random() * 950);
    const tau = 0.5 + random() * 6;
    const begin = start + index * 2 * hourMs;
    const observations = Array.from({ length: 12 }, (_, hour) => ({
      at: new Date(begin + hour * hourMs),
      value: Math.round(peak * (1 - Math.exp(-(hour + 1) / tau))),
      rank: 1 + (index % 30),
    }));
    return { source, observations, target: Math.max(...observations.map((observation) => observation.value)) };
  });
}

/** Synthetic drafts: "Show HN" titles and one author succeed far more often; time is noise. */
export function syntheticDrafts(count: number, seed = 11): ContentExample[] {
  const random = seededRandom(seed);
  const topics = ["rust compiler", "database index", "startup funding", "climate data", "browser engine", "gpu kernels"];
  return Array.from({ length: count }, (_, index) => {
    const show = random() < 0.3;
    const star = random() < 0.2;
    const topic = topics[Math.floor(random() * topics.length)]!;
    const base = (show ? 2.5 : 0) + (star ? 2 : 0) + random() * 1.5;
    return {
      title: `${show ? "Show HN: " : ""}A new ${topic} ${index % 3 === 0 ? "in 100 lines" : "explained"}`,
      platform: "hackernews",
      url: `https://${["a", "b", "c"][index % 3]}.example/${index}`,
      author: star ? "star" : `user${index % 40}`,
      plannedAt: new Date(start + index * 37 * 60_000),
      engagement: Math.round(Math.exp(base)),
    };
  });
}
