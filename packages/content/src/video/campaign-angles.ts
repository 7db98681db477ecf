import type { Tone } from "../script/tone.js";
import type { HookStyle } from "../script/write-script-options.js";
import type { CampaignBrief, CampaignContentType } from "./campaign-brief.js";

/** How one kind of video approaches the campaign. */
interface AngleTemplate {
  /** Angles, used in turn when a kind repeats: a title, and the opening statement (the "what happened" of its brief). */
  angles: readonly { title: (brief: CampaignBrief) => string; lead: (brief: CampaignBrief) => string }[];
  hookStyle: HookStyle;
  /** The presenter's tone: a story wants a casual presenter, a tutorial a professional one. */
  avatarTone: Tone | "campaign";
}

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/\s+/g, " ");
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

const templates: Record<CampaignContentType, AngleTemplate> = {
  announcement: {
    angles: [
      { title: (b) => `Introducing ${b.name}`, lead: (b) => `Here is ${b.name}, made for ${b.audience}` },
      { title: (b) => `What is new in ${b.name}`, lead: (b) => `${b.name} has something new for ${b.audience}` },
    ],
    hookStyle: "statement",
    avatarTone: "energetic",
  },
  explainer: {
    angles: [
      { title: (b) => `What ${b.name} is and why it matters`, lead: (b) => `${b.name} explained in under a minute for ${b.audience}` },
      { title: (b) => `How ${b.name} works`, lead: (b) => `Here is how ${b.name} works, from the first minute` },
    ],
    hookStyle: "question",
    avatarTone: "campaign",
  },
  tutorial: {
    angles: [
      { title: (b) => `Getting started with ${b.name}`, lead: (b) => `Getting started with ${b.name} takes a few minutes, step by step` },
      {
        title: (b) => `Three steps to get the most from ${b.name}`,
        lead: (b) => `Three steps get ${b.audience} the most out of ${b.name}`,
      },
    ],
    hookStyle: "statement",
    avatarTone: "professional",
  },
  story: {
    angles: [
      { title: (b) => `A day with ${b.name}`, lead: (b) => `This is what a normal day with ${b.name} looks like for ${b.audience}` },
      { title: (b) => `Behind the scenes of ${b.name}`, lead: (b) => `Behind the scenes, ${b.name} was built around one idea` },
    ],
    hookStyle: "statement",
    avatarTone: "casual",
  },
  "myth-busting": {
    angles: [
      { title: (b) => `Myth or fact: ${b.name}`, lead: (b) => `Many ${b.audience} think ${b.name} is complicated; here is what is true` },
      { title: (b) => `What people get wrong about ${b.name}`, lead: (b) => `People get one thing wrong about ${b.name} all the time` },
    ],
    hookStyle: "question",
    avatarTone: "campaign",
  },
  data: {
    angles: [
      { title: (b) => `${b.name} by the numbers`, lead: (b) => `The numbers behind ${b.name} tell a clear story` },
      { title: (b) => `What the numbers say about ${b.name}`, lead: (b) => `Look at what the numbers say about ${b.name}` },
    ],
    hookStyle: "statistic",
    avatarTone: "serious",
  },
  faq: {
    angles: [
      {
        title: (b) => `Your questions about ${b.name}, answered`,
        lead: (b) => `These are the questions ${b.audience} ask most about ${b.name}`,
      },
      {
        title: (b) => `The question everyone asks about ${b.name}`,
        lead: (b) => `One question about ${b.name} comes up more than any other`,
      },
    ],
    hookStyle: "question",
    avatarTone: "campaign",
  },
  promo: {
    angles: [
      { title: (b) => `Why now is the time for ${b.name}`, lead: (b) => `${b.name} is ready for ${b.audience} today` },
      { title: (b) => `${b.name}: the offer`, lead: (b) => `There has never been a better moment to try ${b.name}` },
    ],
    hookStyle: "statement",
    avatarTone: "energetic",
  },
};

/**
 * The kinds of video a campaign rotates through when the brief names none: a launch leads with the announcement,
 * a lead-generation goal leans on tutorials and offers, an awareness goal on explainers and stories.
 */
export function contentTypesForGoal(goal: string): CampaignContentType[] {
  const text = goal.toLowerCase();
  if (/\b(launch|announc|introduc|release|new)\w*/.test(text)) return ["announcement", "explainer", "tutorial", "story", "faq", "promo"];
  if (/\b(lead|sign[- ]?up|signup|trial|convert|conversion|sales|sell|buy|download|demo)\w*/.test(text)) {
    return ["explainer", "tutorial", "promo", "story", "myth-busting", "faq"];
  }
  if (/\b(trust|educat|teach|learn|understand)\w*/.test(text)) return ["explainer", "myth-busting", "data", "tutorial", "faq", "story"];
  return ["explainer", "story", "myth-busting", "tutorial", "data", "promo"];
}

/** The angle, opening statement, hook style and presenter tone of the `occurrence`-th video of a kind. */
export function angleFor(
  brief: CampaignBrief,
  contentType: CampaignContentType,
  occurrence: number,
): { angle: string; lead: string; hookStyle: HookStyle; avatarTone: Tone } {
  const template = templates[contentType];
  const pick = template.angles[occurrence % template.angles.length] as AngleTemplate["angles"][number];
  const round = Math.floor(occurrence / template.angles.length);
  return {
    angle: round > 0 ? `${pick.title(brief)} (part ${round + 1})` : pick.title(brief),
    lead: sentence(round > 0 ? `${pick.lead(brief)}, part ${round + 1}` : pick.lead(brief)),
    hookStyle: template.hookStyle,
    avatarTone: template.avatarTone === "campaign" ? brief.tone : template.avatarTone,
  };
}
