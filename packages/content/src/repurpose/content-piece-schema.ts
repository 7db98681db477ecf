import { idSchema } from "@undercurrent/core";
import { z } from "zod";

/** One piece of content to adapt: a post, an article's summary, a script. */
export const contentPieceSchema = z.object({
  /** Id of the piece; variants are named after it. */
  id: idSchema.default("piece"),
  title: z.string().trim().max(500).optional(),
  /** The text; at least a sentence. */
  text: z.string().trim().min(1, "expected the piece's text, got an empty string"),
  /** Link to the full piece, added where links are clickable. */
  url: z.url().optional(),
  /** Hashtags to use first (with or without `#`). */
  hashtags: z.array(z.string().trim().min(1)).default([]),
  /** Terms every variant must keep; the most frequent key phrases of the text are added up to `keyTermCount`. */
  keyTerms: z.array(z.string().trim().min(1)).default([]),
  /** BCP 47 language. */
  language: z.string().min(2).default("en"),
});
/** A piece of content (output of {@link contentPieceSchema}). */
export type ContentPiece = z.infer<typeof contentPieceSchema>;
/** A piece of content as accepted by {@link repurpose}. */
export type ContentPieceInput = z.input<typeof contentPieceSchema>;
