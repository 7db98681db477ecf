import { idSchema, timestampSchema } from "@undercurrent/core";
import { z } from "zod";

/** One statement taken from a source item, kept with the id of that item. */
export const briefFactSchema = z.object({
  /** The sentence as the source wrote it. */
  text: z.string().trim().min(1),
  /** Id of the item the sentence comes from (`<source>:<externalId>`). */
  itemId: idSchema,
  /** Source id of that item, e.g. `hackernews`. */
  source: idSchema,
  /** Link to the item, when it has one. */
  url: z.url().optional(),
  /** Numbers the sentence states, as written (`40%`, `$3.5 million`); empty for a statement without numbers. */
  numbers: z.array(z.string()).default([]),
});
/** One statement from a source item (see {@link briefFactSchema}). */
export type BriefFact = z.infer<typeof briefFactSchema>;

/** A statement with the items it rests on (a summary may rest on several). */
export const briefStatementSchema = z.object({
  text: z.string().trim().min(1),
  /** Items the statement is based on. Empty only for statements about the trend's own figures. */
  itemIds: z.array(idSchema).default([]),
});
/** A statement with the items it rests on (see {@link briefStatementSchema}). */
export type BriefStatement = z.infer<typeof briefStatementSchema>;

/** A source talking about the trend. */
export const briefSourceSchema = z.object({
  source: idSchema,
  /** Items of this source in the trend. */
  mentions: z.number().int().nonnegative(),
  /** Hours this source saw the trend before the others (0 for the first, negative when later). */
  leadHours: z.number().optional(),
  itemIds: z.array(idSchema).default([]),
});
/** A source talking about the trend (see {@link briefSourceSchema}). */
export type BriefSource = z.infer<typeof briefSourceSchema>;

/** An author talking about the trend. */
export const briefAuthorSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  url: z.url().optional(),
  source: idSchema,
  itemIds: z.array(idSchema).default([]),
});
/** An author talking about the trend (see {@link briefAuthorSchema}). */
export type BriefAuthor = z.infer<typeof briefAuthorSchema>;

/** A link to a source item. */
export const briefLinkSchema = z.object({
  url: z.url(),
  title: z.string(),
  itemId: idSchema,
  source: idSchema,
});
/** A link to a source item (see {@link briefLinkSchema}). */
export type BriefLink = z.infer<typeof briefLinkSchema>;

/**
 * What a writer needs to know about a trend: what happened, why now, the key facts and numbers, who is talking and
 * where to read more. Every fact keeps the id of the item it came from, so a script built on it stays traceable.
 * Built by {@link createResearchBrief}; can also be written by hand (only `topic` and `whatHappened` are required).
 */
export const researchBriefSchema = z.object({
  /** The trend the brief is about, when it comes from one. */
  trendId: idSchema.optional(),
  /** What the brief is about, e.g. the trend's name. */
  topic: z.string().trim().min(1),
  keywords: z.array(z.string().min(1)).default([]),
  /** The event in one or two sentences. */
  whatHappened: briefStatementSchema,
  /** Why it matters now: momentum, sources, timing. */
  whyNow: briefStatementSchema.optional(),
  /** Sentences stating numbers, most relevant first. */
  facts: z.array(briefFactSchema).default([]),
  /** Further relevant sentences without numbers, most relevant first. */
  keyPoints: z.array(briefFactSchema).default([]),
  /** Sources talking about the trend, most mentions first. */
  sources: z.array(briefSourceSchema).default([]),
  /** Authors talking about the trend. */
  authors: z.array(briefAuthorSchema).default([]),
  /** Links to the source items, most relevant first. */
  links: z.array(briefLinkSchema).default([]),
  /** Every item the brief rests on; facts, statements and links cite only these. */
  itemIds: z.array(idSchema).default([]),
  /** BCP 47 language of the brief. */
  language: z.string().min(2).default("en"),
  /** −1 (negative) to 1 (positive), from the trend. */
  sentiment: z.number().min(-1).max(1).default(0),
  createdAt: timestampSchema.optional(),
});
/** A research brief (output of {@link researchBriefSchema}). */
export type ResearchBrief = z.infer<typeof researchBriefSchema>;
/** A research brief as accepted by functions that take one (defaults may be left out, timestamps may be strings). */
export type ResearchBriefInput = z.input<typeof researchBriefSchema>;
