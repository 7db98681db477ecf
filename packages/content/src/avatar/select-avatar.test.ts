import { ConfigError, ValidationError, type VideoAvatar, type VideoVoice } from "@undercurrent/core";
import { createMockVideoProvider } from "@undercurrent/core/testing";
import { describe, expect, it } from "vitest";
import { requireAvatarAndVoice, selectAvatar } from "./select-avatar.js";

const avatars: VideoAvatar[] = [
  { id: "anna-office", name: "Anna", gender: "female", tags: ["Professional", "business attire", "office"], defaultVoiceId: "emma-us" },
  { id: "ben-hoodie", name: "Ben", gender: "male", tags: ["casual", "tech", "young"], defaultVoiceId: "liam-us" },
  { id: "carla-studio", name: "Carla", gender: "female", tags: ["energetic", "upbeat", "lifestyle"] },
  { id: "david-news", name: "David", gender: "male", tags: ["news", "presenter", "formal"], premium: true },
  { id: "eve-unknown", name: "Eve", tags: [] },
];
const voices: VideoVoice[] = [
  { id: "emma-us", name: "Emma", language: "en-US", gender: "female", tags: ["warm", "professional"] },
  { id: "liam-us", name: "Liam", language: "en-US", gender: "male", tags: ["friendly", "conversational"] },
  { id: "sophie-gb", name: "Sophie", language: "en-GB", gender: "female", tags: ["calm", "clear"] },
  { id: "max-de", name: "Max", language: "de-DE", gender: "male", tags: ["formal"] },
  { id: "zoe-us", name: "Zoe", language: "en-US", gender: "female", tags: ["energetic", "upbeat"] },
];
const catalogue = { avatars, voices };

describe("selectAvatar", () => {
  it("ranks the professional look first for a professional video for executives, and explains why", () => {
    const [best, second] = selectAvatar(catalogue, { tone: "professional", audience: "executives", language: "en" });
    expect(best?.avatar.id).toBe("anna-office");
    expect(best?.voice.id).toBe("emma-us");
    expect(best?.reasons).toEqual(
      expect.arrayContaining([
        'tone "professional": tagged professional, business, office',
        'audience "executives": tagged business, professional',
        "voice Emma speaks en-US (asked en)",
        "Emma is Anna's default voice",
      ]),
    );
    expect(best!.score).toBeGreaterThan(second!.score);
    expect(best!.score).toBeLessThanOrEqual(1);
  });

  it("ranks the casual tech look first for developers, and the energetic one for a promo", () => {
    expect(selectAvatar(catalogue, { tone: "casual", audience: "developers" })[0]?.avatar.id).toBe("ben-hoodie");
    const promo = selectAvatar(catalogue, { tone: "energetic", contentType: "promo" })[0]!;
    expect(promo.avatar.id).toBe("carla-studio");
    // Carla has no default voice: she gets the female voice whose tags fit the tone.
    expect(promo.voice.id).toBe("zoe-us");
    expect(promo.reasons).toContain("promo videos: tagged energetic, upbeat");
  });

  it("follows the gender preference and never pairs a look with a voice of the other gender", () => {
    const male = selectAvatar(catalogue, { gender: "male", tone: "professional", allowPremium: false });
    expect(male[0]?.avatar.gender).toBe("male");
    expect(male[0]?.reasons).toContain("male, as preferred");
    for (const choice of selectAvatar(catalogue, { limit: 10 })) {
      if (choice.avatar.gender && choice.avatar.gender !== "unknown" && choice.voice.gender)
        expect(choice.voice.gender).toBe(choice.avatar.gender);
    }
  });

  it("prefers the exact language region and rejects a language no voice speaks, naming the field", () => {
    const british = selectAvatar(catalogue, { language: "en-GB", gender: "female", tone: "neutral" });
    expect(british[0]?.voice.id).toBe("sophie-gb");
    expect(british[0]?.reasons).toContain("voice Sophie speaks en-GB, as asked");
    expect(selectAvatar(catalogue, { language: "de" })[0]?.voice.language).toBe("de-DE");
    expect(() => selectAvatar(catalogue, { language: "fr" })).toThrow(ValidationError);
    expect(() => selectAvatar(catalogue, { language: "fr" })).toThrow(
      'preferences.language: no voice speaks "fr"; the catalogue has de-DE, en-GB, en-US',
    );
  });

  it("leaves out excluded and premium avatars, and limits the list", () => {
    const choices = selectAvatar(catalogue, { excludeAvatarIds: ["anna-office"], allowPremium: false, limit: 2 });
    expect(choices).toHaveLength(2);
    expect(choices.map((choice) => choice.avatar.id)).not.toContain("anna-office");
    expect(selectAvatar(catalogue, { limit: 10 }).find((choice) => choice.avatar.id === "david-news")?.reasons).toContain(
      "premium avatar (costs more)",
    );
    expect(() => selectAvatar(catalogue, { excludeAvatarIds: avatars.map((avatar) => avatar.id) })).toThrow(
      /preferences\.excludeAvatarIds/,
    );
  });

  it("is deterministic and ranks by score", () => {
    const choices = selectAvatar(catalogue, { tone: "playful", limit: 10 });
    expect(selectAvatar(catalogue, { tone: "playful", limit: 10 })).toEqual(choices);
    for (let index = 1; index < choices.length; index++) expect(choices[index - 1]!.score).toBeGreaterThanOrEqual(choices[index]!.score);
  });

  it("works on a provider's catalogue as listed", async () => {
    const provider = createMockVideoProvider();
    const choices = selectAvatar({ avatars: await provider.listAvatars(), voices: await provider.listVoices() }, { tone: "professional" });
    expect(choices[0]).toMatchObject({ avatar: { id: "avatar-anna" }, voice: { id: "voice-en-f" } });
  });

  it("rejects an empty catalogue and bad preferences, naming the field", () => {
    expect(() => selectAvatar({ avatars: [], voices })).toThrow("selectAvatar: catalogue.avatars: expected at least one avatar");
    expect(() => selectAvatar({ avatars, voices: [] })).toThrow(/catalogue\.voices/);
    expect(() => selectAvatar(catalogue, { tone: "grumpy" as never })).toThrow(ConfigError);
    expect(() => selectAvatar(catalogue, { gender: "robot" as never })).toThrow(/preferences\.gender/);
  });
});

describe("requireAvatarAndVoice", () => {
  it("returns the avatar and voice, or names the unknown id", () => {
    expect(requireAvatarAndVoice(catalogue, { avatarId: "ben-hoodie", voiceId: "liam-us" }).voice?.name).toBe("Liam");
    expect(() => requireAvatarAndVoice(catalogue, { avatarId: "nobody", voiceId: "liam-us" })).toThrow(
      /avatarId: unknown avatar "nobody"; known: anna-office/,
    );
    expect(() => requireAvatarAndVoice(catalogue, { avatarId: "ben-hoodie", voiceId: "nope" })).toThrow(/voiceId: unknown voice "nope"/);
  });
});
