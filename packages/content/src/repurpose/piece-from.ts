import { parseInput } from "@undercurrent/core";
import { type ResearchBrief, type ResearchBriefInput, researchBriefSchema } from "../research/research-brief-schema.js";
import type { VideoScript } from "../script/video-script-schema.js";
import type { ContentPieceInput } from "./content-piece-schema.js";

/**
 * A piece to repurpose from a research brief: what happened, the facts and key points in the brief's order, and why
 * now; the first link as its URL and the topic as a key term every variant must keep. Throws a `ValidationError`
 * naming the field for an invalid brief.
 */
export function pieceFromBrief(brief: ResearchBriefInput | ResearchBrief): ContentPieceInput {
  const parsed = parseInput(researchBriefSchema, brief, "pieceFromBrief", "brief");
  const sentences = [parsed.whatHappened.text, ...parsed.facts.map((fact) => fact.text), ...parsed.keyPoints.map((point) => point.text)];
  if (parsed.whyNow) sentences.push(parsed.whyNow.text);
  return {
    id: parsed.trendId ?? "brief",
    title: parsed.topic,
    text: [...new Set(sentences)].join(" "),
    ...(parsed.links[0] !== undefined && { url: parsed.links[0].url }),
    keyTerms: [parsed.topic],
    language: parsed.language,
  };
}

/** A piece to repurpose from a video script (to post the video's message as text): its title and spoken text. */
export function pieceFromScript(script: Pick<VideoScript, "id" | "title" | "text" | "topic" | "language">): ContentPieceInput {
  return { id: script.id, title: script.title, text: script.text, keyTerms: [script.topic], language: script.language };
}
