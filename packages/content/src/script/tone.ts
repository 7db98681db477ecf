import { z } from "zod";

/** How content should sound; shared by scripts, avatar selection and repurposing. */
export const toneSchema = z.enum(["neutral", "professional", "casual", "energetic", "playful", "serious", "inspirational"]);
/** How content should sound. */
export type Tone = z.infer<typeof toneSchema>;
