import type { MockResponse, RecordedCall } from "@undercurrent/core/testing";

/** A story hit shaped like the Algolia HN Search API's. */
export interface StoryHit {
  _highlightResult: Record<string, unknown>;
  _tags: string[];
  author: string;
  children: number[];
  created_at: string;
  created_at_i: number;
  num_comments: number;
  objectID: string;
  points: number;
  story_id: number;
  title: string;
  updated_at: string;
  url: string | null;
}

/** A realistic story hit; override any field. */
export function storyHit(hnId: number, createdAt: number, overrides: Partial<StoryHit> = {}): StoryHit {
  const author = overrides.author ?? `user${hnId % 97}`;
  const title = overrides.title ?? `Story ${hnId}: notes on building things`;
  return {
    _highlightResult: { title: { value: title, matchLevel: "none", matchedWords: [] } },
    _tags: ["story", `author_${author}`, `story_${hnId}`],
    author,
    children: [],
    created_at: new Date(createdAt * 1000).toISOString().replace(".000Z", "Z"),
    created_at_i: createdAt,
    num_comments: 0,
    objectID: String(hnId),
    points: 1,
    story_id: hnId,
    title,
    updated_at: new Date(createdAt * 1000 + 60_000).toISOString().replace(".000Z", "Z"),
    url: `https://example.com/posts/${hnId}`,
    ...overrides,
  };
}

// Splits at commas outside parentheses: "story,(a,b)" → ["story", "(a,b)"].
function splitTopLevel(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const character of value) {
    if (character === "(") depth++;
    if (character === ")") depth--;
    if (character === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  if (current) parts.push(current);
  return parts;
}

function matchesTags(hit: StoryHit, tags: string | null): boolean {
  if (!tags) return true;
  return splitTopLevel(tags).every((term) => {
    const alternatives = term.startsWith("(") ? term.slice(1, -1).split(",") : [term];
    return alternatives.some((tag) => hit._tags.includes(tag));
  });
}

const operators: Record<string, (left: number, right: number) => boolean> = {
  ">=": (left, right) => left >= right,
  "<=": (left, right) => left <= right,
  ">": (left, right) => left > right,
  "<": (left, right) => left < right,
  "=": (left, right) => left === right,
};

function matchesNumericFilters(hit: StoryHit, filters: string | null): boolean {
  if (!filters) return true;
  return filters.split(",").every((filter) => {
    const match = /^(created_at_i|points|num_comments)(>=|<=|>|<|=)(\d+)$/.exec(filter);
    if (!match) throw new Error(`fake Algolia: unsupported numeric filter ${filter}`);
    const [, attribute, operator, value] = match;
    return operators[operator!]!(hit[attribute as "created_at_i" | "points" | "num_comments"], Number(value));
  });
}

/**
 * An msw route handler behaving like Algolia's `search_by_date` (and, good enough, `search`) over the stories
 * `hits()` returns at the time of the call: tags with AND and OR groups, numericFilters, hitsPerPage and page.
 */
export function fakeAlgolia(hits: () => readonly StoryHit[]): (call: RecordedCall) => MockResponse {
  return (call) => {
    const url = new URL(call.url);
    const parameters = url.searchParams;
    const hitsPerPage = Number(parameters.get("hitsPerPage") ?? 20);
    const page = Number(parameters.get("page") ?? 0);
    const matching = hits()
      .filter((hit) => matchesTags(hit, parameters.get("tags")) && matchesNumericFilters(hit, parameters.get("numericFilters")))
      .sort((a, b) => b.created_at_i - a.created_at_i || Number(b.objectID) - Number(a.objectID));
    return {
      json: {
        hits: matching.slice(page * hitsPerPage, (page + 1) * hitsPerPage),
        hitsPerPage,
        nbHits: matching.length,
        nbPages: Math.ceil(matching.length / hitsPerPage),
        page,
        params: url.search.slice(1),
        processingTimeMS: 1,
        query: parameters.get("query") ?? "",
        exhaustive: { nbHits: true, typo: true },
        exhaustiveNbHits: true,
        serverTimeMS: 2,
      },
    };
  };
}
