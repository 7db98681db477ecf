import type { PlatformRules } from "./platform-rules.js";
import type { PreflightCheck } from "./platform-variant.js";
import { findUrls } from "./text-length.js";

/** What pre-flight looks at. */
export interface PreflightInput {
  text: string;
  parts: string[];
  title?: string;
  hook: string;
  hashtags: string[];
}

const hashtagInText = /(?<![\p{L}\p{N}_&/])#([\p{L}\p{N}_]+)/gu;

/** The hashtags a text contains, without `#`. */
export function findHashtags(text: string): string[] {
  return Array.from(text.matchAll(hashtagInText), (match) => match[1]!);
}

/**
 * Checks a variant the way the platform would: every post within the limit, thread length, title rules (YouTube),
 * the number and form of hashtags, links (clickable, how many) and whether the hook shows before "more".
 */
export function preflight(variant: PreflightInput, rules: PlatformRules): { passed: boolean; checks: PreflightCheck[] } {
  const checks: PreflightCheck[] = [];
  const check = (name: string, passed: boolean, message: string, severity: PreflightCheck["severity"] = "error") =>
    checks.push({ name, passed, severity, message });

  check("empty", variant.parts.length > 0 && variant.parts.every((part) => part.trim().length > 0), "text present");
  const lengths = variant.parts.map((part) => rules.measure(part));
  const longest = Math.max(0, ...lengths);
  const over = lengths.map((length, index) => ({ length, index })).filter((entry) => entry.length > rules.limit);
  check(
    "length",
    over.length === 0,
    over.length === 0
      ? `${longest}/${rules.limit} ${rules.unit}${variant.parts.length > 1 ? " (longest post)" : ""}`
      : over
          .map(
            (entry) =>
              `${variant.parts.length > 1 ? `post ${entry.index + 1}: ` : ""}${entry.length} ${rules.unit}, over the ${rules.limit} limit`,
          )
          .join("; "),
  );
  if (rules.maxParts !== undefined) {
    check("parts", variant.parts.length <= rules.maxParts, `${variant.parts.length} posts, at most ${rules.maxParts}`);
  }
  if (rules.titleLimit !== undefined) {
    const title = variant.title ?? "";
    const problems = [
      title.trim().length === 0 ? "the title is empty" : undefined,
      title.length > rules.titleLimit ? `the title has ${title.length} characters, over ${rules.titleLimit}` : undefined,
      /[<>]/.test(title) || /[<>]/.test(variant.text) ? "YouTube rejects < and > in titles and descriptions" : undefined,
    ].filter(Boolean);
    check(
      "title",
      problems.length === 0,
      problems.length === 0 ? `title ${title.length}/${rules.titleLimit} characters` : problems.join("; "),
    );
  }

  const hashtags = variant.parts.flatMap(findHashtags);
  check(
    "hashtag-count",
    hashtags.length <= rules.maxHashtags,
    hashtags.length <= rules.maxHashtags
      ? `${hashtags.length} hashtags, at most ${rules.maxHashtags}`
      : `${hashtags.length} hashtags, more than the ${rules.maxHashtags} ${rules.label} honours`,
  );
  const malformed = variant.hashtags.filter((tag) => !/^[\p{L}\p{N}_]+$/u.test(tag) || /^[\p{N}_]+$/u.test(tag));
  check(
    "hashtag-format",
    malformed.length === 0,
    malformed.length === 0 ? "hashtags are single words" : `hashtags that will not link: ${malformed.join(", ")}`,
  );

  const links = variant.parts.flatMap(findUrls);
  if (!rules.linksClickable) {
    check(
      "links",
      links.length === 0,
      links.length === 0 ? "no links (they are not clickable here)" : `links are not clickable on ${rules.label}; use the profile link`,
      "warning",
    );
  } else if (rules.maxLinks !== undefined) {
    check("links", links.length <= rules.maxLinks, `${links.length} links, at most ${rules.maxLinks}`);
  }
  if (rules.previewLength !== undefined) {
    const hookLength = rules.measure(variant.hook);
    check(
      "preview",
      hookLength <= rules.previewLength,
      hookLength <= rules.previewLength
        ? `the hook shows before "more" (${hookLength}/${rules.previewLength})`
        : `the hook is ${hookLength} long; ${rules.label} shows about ${rules.previewLength} before "more"`,
      "warning",
    );
  }
  return { passed: checks.every((entry) => entry.passed || entry.severity === "warning"), checks };
}
