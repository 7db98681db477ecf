import { gitHubTrendingFolder, loadGitHubTrending } from "./github-trending.js";
import {
  googleTrendsChatGptFolder,
  googleTrendsEventSpikesFolder,
  loadGoogleTrendsChatGpt,
  loadGoogleTrendsEventSpikes,
} from "./google-trends.js";
import { hnFrontpageRssFolder, loadHnFrontpageRss } from "./hn-frontpage-rss.js";
import { hnFrontpageSnapshotsFolder, loadHnFrontpageSnapshots } from "./hn-frontpage-snapshots.js";
import { dayMs, hourMs, type LoadOptions, type LoadResult } from "./load-result.js";
import { loadRedditHourly, redditHourlyFolder } from "./reddit-hourly.js";
import { loadYouTubeTrending, youTubeTrendingFolder } from "./youtube-trending.js";

export { datasetErrorCodes } from "./csv-files.js";
export { loadGitHubTrending, starsTodaySeriesId } from "./github-trending.js";
export {
  interestSeriesId,
  loadGoogleTrendsChatGpt,
  loadGoogleTrendsEventSpikes,
  loadGoogleTrendsFiles,
  parseTrendsTime,
} from "./google-trends.js";
export { hackerNewsIdOf, loadHnFrontpageRss } from "./hn-frontpage-rss.js";
export { loadHnFrontpageSnapshots } from "./hn-frontpage-snapshots.js";
export { dayMs, hourMs, type LoadOptions, type LoadResult, type SkippedRows } from "./load-result.js";
export { loadRedditHourly } from "./reddit-hourly.js";
export { loadYouTubeTrending } from "./youtube-trending.js";

/** A dataset the replay bench knows: its folder under the data directory, its loader and its replay step. */
export interface DatasetDefinition {
  /** The folder name, also the dataset's name in tables and `--only`. */
  name: string;
  load(dataDirectory: string, options?: LoadOptions): Promise<LoadResult>;
  /** Virtual time between two pipeline passes: an hour for hourly data, a day for daily data. */
  stepMs: number;
}

/** Every dataset with a loader, in the order the replay bench runs them. */
export const datasets: readonly DatasetDefinition[] = [
  { name: hnFrontpageSnapshotsFolder, load: loadHnFrontpageSnapshots, stepMs: hourMs },
  { name: hnFrontpageRssFolder, load: loadHnFrontpageRss, stepMs: dayMs },
  { name: gitHubTrendingFolder, load: loadGitHubTrending, stepMs: dayMs },
  { name: redditHourlyFolder, load: loadRedditHourly, stepMs: hourMs },
  { name: youTubeTrendingFolder, load: loadYouTubeTrending, stepMs: dayMs },
  { name: googleTrendsEventSpikesFolder, load: loadGoogleTrendsEventSpikes, stepMs: dayMs },
  { name: googleTrendsChatGptFolder, load: loadGoogleTrendsChatGpt, stepMs: dayMs },
];
