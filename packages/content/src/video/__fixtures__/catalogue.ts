import type { VideoAvatar, VideoVoice } from "@undercurrent/core";

/** A small catalogue with presenters of different styles, shaped as `VideoProvider.listAvatars()` returns them. */
export const sampleAvatars: VideoAvatar[] = [
  {
    id: "look-abigail",
    name: "Abigail (Office)",
    gender: "female",
    tags: ["professional", "business", "explainer"],
    defaultVoiceId: "voice-rachel",
  },
  { id: "look-marcus", name: "Marcus (Street)", gender: "male", tags: ["casual", "story", "lifestyle"], defaultVoiceId: "voice-liam" },
  { id: "look-zoe", name: "Zoe (Studio)", gender: "female", tags: ["energetic", "promo", "announcement"], defaultVoiceId: "voice-emma" },
  { id: "look-daniel", name: "Daniel (Desk)", gender: "male", tags: ["serious", "news", "tutorial"], defaultVoiceId: "voice-james" },
];

/** Voices matching {@link sampleAvatars}. */
export const sampleVoices: VideoVoice[] = [
  { id: "voice-rachel", name: "Rachel - Friendly", language: "en-US", gender: "female", tags: ["professional", "warm"] },
  { id: "voice-liam", name: "Liam - Relaxed", language: "en-US", gender: "male", tags: ["casual"] },
  { id: "voice-emma", name: "Emma - Upbeat", language: "en-GB", gender: "female", tags: ["energetic"] },
  { id: "voice-james", name: "James - Calm", language: "en-US", gender: "male", tags: ["serious"] },
  { id: "voice-lea", name: "Léa", language: "fr-FR", gender: "female", tags: [] },
];
