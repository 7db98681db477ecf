import { timestampSchema } from "@undercurrent/core";
import { z } from "zod";
import { researchBriefSchema } from "../research/research-brief-schema.js";
import { toneSchema } from "../script/tone.js";
import { videoPlatformSchema } from "./platform-formats.js";

/** Kinds of video a campaign mixes; each gets its own angle and its own avatar. */
export const campaignContentTypeSchema = z.enum(["announcement", "explainer", "tutorial", "story", "myth-busting", "data", "faq", "promo"]);
/** A kind of video in a campaign. */
export type CampaignContentType = z.infer<typeof campaignContentTypeSchema>;

/** What a campaign is for. Validated by {@link planVideoCampaign}; a bad field is a `ValidationError` naming it. */
export const campaignBriefSchema = z
  .strictObject({
    /** The campaign, product or topic, e.g. `Acme Cloud Backup`. */
    name: z.string().trim().min(1).max(120),
    /** What the campaign should achieve, in one sentence. */
    goal: z.string().trim().min(1).max(500),
    /** Who it is for, in plain words. */
    audience: z.string().trim().min(1).max(200),
    /** Sentences every video says as given (1–5). */
    keyMessages: z.array(z.string().trim().min(1).max(300)).min(1).max(5),
    /** Videos to make (each rendered once per aspect ratio its platforms need). */
    videoCount: z.number().int().min(1).max(100),
    platforms: z.array(videoPlatformSchema).min(1),
    /** First and last publishing day (inclusive). */
    startDate: timestampSchema,
    endDate: timestampSchema,
    /** Voice of the scripts. */
    tone: toneSchema.default("professional"),
    /** BCP 47 language of scripts and voices. */
    language: z.string().trim().min(2).max(35).default("en"),
    /** Target length of each video. */
    durationSeconds: z.number().min(10).max(600).default(45),
    /** The closing line of every video. */
    callToAction: z.string().trim().min(1).max(300).optional(),
    /** The kinds of video to rotate through; chosen from the goal when left out. */
    contentTypes: z.array(campaignContentTypeSchema).min(1).optional(),
    /** Facts to draw from (a research brief); the campaign's own sentences are the source otherwise. */
    research: researchBriefSchema.optional(),
    /** Words no script may contain. */
    bannedWords: z.array(z.string().trim().min(1)).default([]),
    /** Preferred gender of the avatars. */
    avatarGender: z.enum(["female", "male", "any"]).default("any"),
    /** Posting hour (0–23, UTC) per platform; defaults: LinkedIn 9, YouTube 15, short-form 18. */
    publishHours: z.partialRecord(videoPlatformSchema, z.number().int().min(0).max(23)).default({}),
    /** LinkedIn renders in 1:1 (default) or 4:5. */
    linkedinAspectRatio: z.enum(["1:1", "4:5"]).default("1:1"),
  })
  .refine((brief) => brief.endDate.getTime() >= brief.startDate.getTime(), { message: "must not be before startDate", path: ["endDate"] });

/** A campaign brief as passed in (defaults may be left out, dates may be ISO strings). */
export type CampaignBriefInput = z.input<typeof campaignBriefSchema>;
/** A campaign brief with defaults filled in. */
export type CampaignBrief = z.output<typeof campaignBriefSchema>;
