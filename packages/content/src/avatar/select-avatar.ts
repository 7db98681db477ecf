import { parseInput, parseOptions, ValidationError, type VideoAvatar, type VideoVoice } from "@undercurrent/core";
import type { Tone } from "../script/tone.js";
import {
  type AvatarCatalogue,
  type AvatarChoice,
  type AvatarPreferences,
  type AvatarScoreBreakdown,
  avatarCatalogueSchema,
  avatarPreferencesSchema,
} from "./avatar-preferences.js";

const context = "selectAvatar";

/** Tags that suit each tone. */
const toneTags: Record<Tone, string[]> = {
  neutral: ["neutral", "natural", "clear", "calm", "balanced", "presenter", "friendly"],
  professional: [
    "professional",
    "business",
    "formal",
    "corporate",
    "suit",
    "office",
    "executive",
    "authoritative",
    "confident",
    "polished",
    "news",
  ],
  casual: ["casual", "friendly", "relaxed", "everyday", "lifestyle", "street", "conversational", "natural", "approachable"],
  energetic: ["energetic", "upbeat", "excited", "dynamic", "lively", "enthusiastic", "bright", "vibrant", "young"],
  playful: ["playful", "fun", "humorous", "cheerful", "quirky", "cartoon", "lighthearted", "friendly"],
  serious: ["serious", "calm", "formal", "authoritative", "news", "deep", "measured", "professional"],
  inspirational: ["inspirational", "warm", "motivational", "uplifting", "confident", "storyteller", "hopeful"],
};

/** Words in an audience description and the tags that suit them. */
const audienceTags: [RegExp, string[]][] = [
  [/\b(developers?|engineers?|programmers?|coders?|tech|devs?|it)\b/, ["tech", "casual", "modern", "young", "friendly"]],
  [
    /\b(executives?|business|b2b|investors?|professionals?|managers?|leaders?|founders?|ceos?|enterprise)\b/,
    ["business", "professional", "formal", "corporate", "suit", "executive"],
  ],
  [/\b(students?|teens?|teenagers?|gen ?z|young|kids|youth)\b/, ["young", "casual", "trendy", "energetic", "fun"]],
  [/\b(parents?|families|family|moms?|dads?)\b/, ["warm", "friendly", "natural", "approachable"]],
  [/\b(doctors?|healthcare|patients?|medical|nurses?)\b/, ["medical", "professional", "calm", "warm"]],
  [/\b(creators?|influencers?|marketers?|social)\b/, ["trendy", "energetic", "lifestyle", "casual"]],
  [/\b(scientists?|researchers?|academics?|analysts?)\b/, ["professional", "calm", "clear", "authoritative"]],
];

/** Kinds of video and the tags that suit them. */
const contentTypeTags: Record<string, string[]> = {
  news: ["news", "presenter", "formal", "professional", "anchor"],
  explainer: ["presenter", "clear", "teacher", "calm", "friendly"],
  tutorial: ["teacher", "clear", "presenter", "calm", "tech"],
  promo: ["energetic", "upbeat", "sales", "bright", "enthusiastic"],
  ad: ["energetic", "upbeat", "sales", "bright"],
  story: ["warm", "storyteller", "natural", "narrative"],
  testimonial: ["natural", "warm", "casual", "friendly"],
  interview: ["conversational", "natural", "professional"],
  announcement: ["professional", "confident", "presenter"],
};

const weights: Record<keyof AvatarScoreBreakdown, number> = {
  tone: 0.25,
  audience: 0.15,
  contentType: 0.1,
  language: 0.15,
  gender: 0.15,
  pairing: 0.1,
  tags: 0.1,
};

/**
 * Ranks avatar looks from a provider's catalogue for a video, each with the voice that fits it best, against tone,
 * audience, content type, language and gender preferences (a gender preference leaves out looks of the other gender
 * while any fit). Scores are 0–1 (a weighted sum of the breakdown) and every
 * choice says why. The voice must speak the wanted language (`en` matches any `en-*`; an exact region scores higher);
 * an avatar is paired with a voice of its own gender, its default voice first.
 *
 * Throws a `ValidationError` naming the field for an empty catalogue (`catalogue.avatars`, `catalogue.voices`), a
 * language no voice speaks (`preferences.language`), or when exclusions leave nothing; a `ConfigError` for bad preferences.
 */
export function selectAvatar(catalogue: AvatarCatalogue, preferences: AvatarPreferences = {}): AvatarChoice[] {
  const parsedCatalogue = parseInput(avatarCatalogueSchema, catalogue, context, "catalogue") as {
    avatars: VideoAvatar[];
    voices: VideoVoice[];
  };
  const settings = parseOptions(avatarPreferencesSchema, preferences, context, "preferences");

  const wanted = settings.language.toLowerCase();
  const baseLanguage = wanted.split("-")[0]!;
  const voices = parsedCatalogue.voices.filter(
    (voice) => !settings.excludeVoiceIds.includes(voice.id) && voice.language.toLowerCase().split("-")[0] === baseLanguage,
  );
  if (voices.length === 0) {
    const languages = [...new Set(parsedCatalogue.voices.map((voice) => voice.language))].sort();
    throw new ValidationError({
      context,
      issues: [
        { path: "preferences.language", message: `no voice speaks "${settings.language}"; the catalogue has ${languages.join(", ")}` },
      ],
    });
  }
  const allowed = parsedCatalogue.avatars.filter(
    (avatar) => !settings.excludeAvatarIds.includes(avatar.id) && (settings.allowPremium || !avatar.premium),
  );
  // A gender preference leaves out looks of the other gender, unless nothing else is left.
  const preferred = allowed.filter(
    (avatar) => settings.gender === "any" || avatar.gender !== (settings.gender === "female" ? "male" : "female"),
  );
  const avatars = preferred.length > 0 ? preferred : allowed;
  if (avatars.length === 0) {
    throw new ValidationError({
      context,
      issues: [
        {
          path: settings.allowPremium ? "preferences.excludeAvatarIds" : "preferences.allowPremium",
          message: "no avatar is left to choose from after the exclusions",
        },
      ],
    });
  }

  const wantedToneTags = settings.tone ? toneTags[settings.tone] : [];
  const wantedAudienceTags = settings.audience ? audienceTagsFor(settings.audience) : [];
  const wantedContentTags = settings.contentType ? contentTagsFor(settings.contentType) : [];

  const choices = avatars.map((avatar) => {
    const avatarWords = tagWords(avatar.tags);
    const candidates = voices.map((voice) => {
      const voiceWords = tagWords(voice.tags);
      const both = new Set([...avatarWords, ...voiceWords]);
      const breakdown: AvatarScoreBreakdown = {
        tone: settings.tone ? 0.6 * tagFit(avatarWords, wantedToneTags) + 0.4 * tagFit(voiceWords, wantedToneTags) : 0.5,
        audience: settings.audience ? tagFit(both, wantedAudienceTags) : 0.5,
        contentType: settings.contentType ? tagFit(both, wantedContentTags) : 0.5,
        language: voice.language.toLowerCase() === wanted ? 1 : 0.8,
        gender: genderFit(settings.gender, avatar.gender, voice.gender),
        pairing: pairingFit(avatar, voice),
        tags:
          settings.tags.length > 0
            ? tagFit(
                both,
                settings.tags.map((tag) => tag.toLowerCase()),
              )
            : 0.5,
      };
      const score = (Object.keys(weights) as (keyof AvatarScoreBreakdown)[]).reduce((sum, key) => sum + weights[key] * breakdown[key], 0);
      return { voice, breakdown, score };
    });
    candidates.sort((a, b) => b.score - a.score || a.voice.id.localeCompare(b.voice.id));
    const best = candidates[0]!;
    return {
      avatar,
      voice: best.voice,
      score: Math.round(best.score * 1000) / 1000,
      breakdown: best.breakdown,
      reasons: explain(avatar, best.voice, best.breakdown, settings, wantedToneTags, wantedAudienceTags, wantedContentTags),
    } satisfies AvatarChoice;
  });
  choices.sort((a, b) => b.score - a.score || a.avatar.id.localeCompare(b.avatar.id));
  return choices.slice(0, settings.limit);
}

/** Lower-case words of tags: `Business Casual` → `business`, `casual`, `business casual`. */
function tagWords(tags: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const tag of tags) {
    const lower = tag.toLowerCase().trim();
    words.add(lower);
    for (const word of lower.split(/[^\p{L}\p{N}]+/u)) if (word) words.add(word);
  }
  return words;
}

/** Share of wanted tags present, saturating at two matches (a catalogue rarely tags more). */
function tagFit(have: Set<string>, wanted: readonly string[]): number {
  if (wanted.length === 0) return 0;
  const hits = wanted.filter((tag) => have.has(tag)).length;
  return Math.min(1, hits / Math.min(2, wanted.length));
}

function audienceTagsFor(audience: string): string[] {
  const lower = audience.toLowerCase();
  const tags = audienceTags.flatMap(([pattern, suited]) => (pattern.test(lower) ? suited : []));
  // The audience's own words count too (a catalogue tagged `gaming` fits "gaming fans").
  return [...new Set([...tags, ...lower.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 3)])];
}

function contentTagsFor(contentType: string): string[] {
  const lower = contentType.toLowerCase();
  return [...new Set([lower, ...(contentTypeTags[lower] ?? [])])];
}

function genderFit(wanted: "female" | "male" | "any", avatar: VideoAvatar["gender"], voice: VideoVoice["gender"]): number {
  if (wanted === "any") return 1;
  const score = (gender: VideoAvatar["gender"]) => (gender === wanted ? 1 : gender === undefined || gender === "unknown" ? 0.5 : 0);
  return 0.7 * score(avatar) + 0.3 * score(voice);
}

function pairingFit(avatar: VideoAvatar, voice: VideoVoice): number {
  if (avatar.defaultVoiceId === voice.id) return 1;
  const known = (gender: VideoAvatar["gender"]) => gender === "female" || gender === "male";
  // A male look speaking with a female voice (or the reverse) is the one pairing that must not happen.
  if (known(avatar.gender) && known(voice.gender)) return avatar.gender === voice.gender ? 0.7 : 0;
  return 0.5;
}

function explain(
  avatar: VideoAvatar,
  voice: VideoVoice,
  breakdown: AvatarScoreBreakdown,
  settings: ReturnType<typeof avatarPreferencesSchema.parse>,
  toneWanted: string[],
  audienceWanted: string[],
  contentWanted: string[],
): string[] {
  const matched = (wanted: string[]) => {
    const have = tagWords([...avatar.tags, ...voice.tags]);
    return wanted.filter((tag) => have.has(tag));
  };
  const reasons: string[] = [];
  if (settings.tone) {
    const hits = matched(toneWanted);
    reasons.push(hits.length > 0 ? `tone "${settings.tone}": tagged ${hits.join(", ")}` : `tone "${settings.tone}": no matching tag`);
  }
  if (settings.audience) {
    const hits = matched(audienceWanted);
    reasons.push(
      hits.length > 0 ? `audience "${settings.audience}": tagged ${hits.join(", ")}` : `audience "${settings.audience}": no matching tag`,
    );
  }
  if (settings.contentType) {
    const hits = matched(contentWanted);
    reasons.push(
      hits.length > 0 ? `${settings.contentType} videos: tagged ${hits.join(", ")}` : `${settings.contentType} videos: no matching tag`,
    );
  }
  if (settings.tags.length > 0) {
    const hits = matched(settings.tags.map((tag) => tag.toLowerCase()));
    reasons.push(hits.length > 0 ? `wanted tags present: ${hits.join(", ")}` : "none of the wanted tags");
  }
  reasons.push(
    breakdown.language === 1
      ? `voice ${voice.name} speaks ${voice.language}, as asked`
      : `voice ${voice.name} speaks ${voice.language} (asked ${settings.language})`,
  );
  if (settings.gender !== "any") {
    reasons.push(
      avatar.gender === settings.gender
        ? `${settings.gender}, as preferred`
        : avatar.gender === undefined || avatar.gender === "unknown"
          ? `gender unknown (preferred ${settings.gender})`
          : `${avatar.gender}, not the preferred ${settings.gender}`,
    );
  }
  if (avatar.defaultVoiceId === voice.id) reasons.push(`${voice.name} is ${avatar.name}'s default voice`);
  else if (breakdown.pairing === 0)
    reasons.push(`warning: ${avatar.name} (${avatar.gender}) paired with a ${voice.gender} voice, the only one in ${settings.language}`);
  if (avatar.premium) reasons.push("premium avatar (costs more)");
  return reasons;
}

/**
 * Checks that an avatar id and a voice id exist in a catalogue, before anything is paid. Throws a `ValidationError`
 * naming `avatarId` or `voiceId` (with a few known ids) otherwise.
 */
export function requireAvatarAndVoice(
  catalogue: AvatarCatalogue,
  ids: { avatarId: string; voiceId?: string },
): { avatar: VideoAvatar; voice?: VideoVoice } {
  const avatar = catalogue.avatars.find((candidate) => candidate.id === ids.avatarId);
  const voice = ids.voiceId === undefined ? undefined : catalogue.voices.find((candidate) => candidate.id === ids.voiceId);
  const issues = [];
  if (!avatar) issues.push({ path: "avatarId", message: `unknown avatar "${ids.avatarId}"; known: ${sample(catalogue.avatars)}` });
  if (ids.voiceId !== undefined && !voice)
    issues.push({ path: "voiceId", message: `unknown voice "${ids.voiceId}"; known: ${sample(catalogue.voices)}` });
  if (issues.length > 0) throw new ValidationError({ context: "requireAvatarAndVoice", issues });
  return { avatar: avatar!, ...(voice !== undefined && { voice }) };
}

function sample(entries: readonly { id: string }[]): string {
  const ids = entries.slice(0, 5).map((entry) => entry.id);
  return entries.length > 5 ? `${ids.join(", ")}, …` : ids.join(", ") || "none";
}
