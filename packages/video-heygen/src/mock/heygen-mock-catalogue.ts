/** An avatar look the mock serves, in HeyGen's field names. */
export interface MockLook {
  id: string;
  name: string;
  avatar_type: "studio_avatar" | "digital_twin" | "photo_avatar";
  group_id: string;
  gender: string | null;
  tags: string[];
  default_voice_id: string | null;
  preview_image_url: string | null;
  preview_video_url: string | null;
  preferred_orientation: "portrait" | "landscape" | "square" | null;
  image_width: number | null;
  image_height: number | null;
  supported_api_engines: string[];
  /** Private looks only. */
  status?: "processing" | "pending_consent" | "failed" | "completed";
  ownership: "public" | "private";
}

/** A voice the mock serves, in HeyGen's field names. */
export interface MockVoice {
  voice_id: string;
  name: string;
  language: string;
  gender: string;
  type: "public" | "private";
  preview_audio_url: string | null;
  support_pause: boolean;
  support_locale: boolean;
}

/** A template the mock serves, in HeyGen's field names. */
export interface MockTemplate {
  id: string;
  name: string;
  aspect_ratio: string;
  thumbnail_url: string | null;
  created_at: number;
  updated_at: number;
  scene_ids: string[];
  scenes: { scene_id: string; script: string | null; variables: { name: string; variable_type: string }[] }[];
  variables: Record<string, { name: string; type: string; properties: Record<string, unknown> }>;
}

const image = (id: string) => `https://files2.heygen.ai/avatar/v3/${id.slice(0, 4)}/preview.webp`;
const video = (id: string) => `https://files2.heygen.ai/avatar/v3/${id.slice(0, 4)}/preview.mp4`;
const audio = (name: string) => `https://static.heygen.ai/voice_preview/${name}.wav`;

/** The mock's voices: public English, Spanish, German, French and Japanese voices, and one private clone. */
export const mockVoices: MockVoice[] = [
  {
    voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
    name: "Rachel - Friendly",
    language: "English",
    gender: "female",
    type: "public",
    preview_audio_url: audio("rachel"),
    support_pause: true,
    support_locale: false,
  },
  {
    voice_id: "5c7a1e90b3d84f2c9e6a0b1d2c3e4f50",
    name: "Marcus - Confident",
    language: "English",
    gender: "male",
    type: "public",
    preview_audio_url: audio("marcus"),
    support_pause: true,
    support_locale: true,
  },
  {
    voice_id: "8e2f4a6c0b1d43e5a7c9f1b3d5e7a9c1",
    name: "Lucía - Warm",
    language: "Spanish",
    gender: "female",
    type: "public",
    preview_audio_url: audio("lucia"),
    support_pause: true,
    support_locale: true,
  },
  {
    voice_id: "1a3c5e7f9b2d4f6a8c0e2b4d6f8a0c2e",
    name: "Jonas - Calm",
    language: "German",
    gender: "male",
    type: "public",
    preview_audio_url: audio("jonas"),
    support_pause: false,
    support_locale: false,
  },
  {
    voice_id: "4b6d8f0a2c4e6a8c0e2a4c6e8a0c2e4a",
    name: "Camille - Bright",
    language: "French",
    gender: "female",
    type: "public",
    preview_audio_url: audio("camille"),
    support_pause: true,
    support_locale: false,
  },
  {
    voice_id: "7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f",
    name: "Haruto - Energetic",
    language: "Japanese",
    gender: "male",
    type: "public",
    preview_audio_url: null,
    support_pause: false,
    support_locale: false,
  },
  {
    voice_id: "c0ffee00c0ffee00c0ffee00c0ffee00",
    name: "My Voice Clone",
    language: "English",
    gender: "male",
    type: "private",
    preview_audio_url: null,
    support_pause: true,
    support_locale: false,
  },
];

/** The mock's avatar looks: studio avatars, a digital twin, photo avatars (one without a gender or tags), one without Avatar V. */
export const mockLooks: MockLook[] = [
  {
    id: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60",
    name: "Abigail (Upper Body)",
    avatar_type: "studio_avatar",
    group_id: "grp_abigail",
    gender: "female",
    tags: ["professional", "business"],
    default_voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
    preview_image_url: image("8f3c1e2a"),
    preview_video_url: video("8f3c1e2a"),
    preferred_orientation: "landscape",
    image_width: 1920,
    image_height: 1080,
    supported_api_engines: ["avatar_v", "avatar_iv", "avatar_iii"],
    ownership: "public",
  },
  {
    id: "9a4d2f3b0c8e5d7f9b2a1c3d4e5f6a71",
    name: "Abigail (Standing, Portrait)",
    avatar_type: "studio_avatar",
    group_id: "grp_abigail",
    gender: "female",
    tags: ["professional"],
    default_voice_id: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
    preview_image_url: image("9a4d2f3b"),
    preview_video_url: video("9a4d2f3b"),
    preferred_orientation: "portrait",
    image_width: 1080,
    image_height: 1920,
    supported_api_engines: ["avatar_iv", "avatar_iii"],
    ownership: "public",
  },
  {
    id: "b5e3a4c1d9f7e6a8b0c2d4e6f8a0b2c4",
    name: "Marcus (Casual)",
    avatar_type: "studio_avatar",
    group_id: "grp_marcus",
    gender: "male",
    tags: ["casual", "tech"],
    default_voice_id: "5c7a1e90b3d84f2c9e6a0b1d2c3e4f50",
    preview_image_url: image("b5e3a4c1"),
    preview_video_url: video("b5e3a4c1"),
    preferred_orientation: "landscape",
    image_width: 1920,
    image_height: 1080,
    supported_api_engines: ["avatar_v", "avatar_iv"],
    ownership: "public",
  },
  {
    id: "c6f4b5d2e0a8f7b9c1d3e5f7a9b1c3d5",
    name: "Marcus (Studio, Square)",
    avatar_type: "studio_avatar",
    group_id: "grp_marcus",
    gender: "male",
    tags: ["professional", "news"],
    default_voice_id: "5c7a1e90b3d84f2c9e6a0b1d2c3e4f50",
    preview_image_url: image("c6f4b5d2"),
    preview_video_url: null,
    preferred_orientation: "square",
    image_width: 1080,
    image_height: 1080,
    supported_api_engines: ["avatar_iv", "avatar_iii"],
    ownership: "public",
  },
  {
    id: "d7a5c6e3f1b9a8c0d2e4f6a8b0c2d4e6",
    name: "Lucía (Friendly)",
    avatar_type: "photo_avatar",
    group_id: "grp_lucia",
    gender: "female",
    tags: ["friendly", "lifestyle"],
    default_voice_id: "8e2f4a6c0b1d43e5a7c9f1b3d5e7a9c1",
    preview_image_url: image("d7a5c6e3"),
    preview_video_url: null,
    preferred_orientation: "portrait",
    image_width: 1080,
    image_height: 1920,
    supported_api_engines: ["avatar_v", "avatar_iv"],
    ownership: "public",
  },
  {
    id: "e8b6d7f4a2c0b9d1e3f5a7b9c1d3e5f7",
    name: "Sketch Presenter",
    avatar_type: "photo_avatar",
    group_id: "grp_sketch",
    gender: null,
    tags: [],
    default_voice_id: null,
    preview_image_url: image("e8b6d7f4"),
    preview_video_url: null,
    preferred_orientation: null,
    image_width: null,
    image_height: null,
    supported_api_engines: ["avatar_iv"],
    ownership: "public",
  },
  {
    id: "f9c7e8a5b3d1c0e2f4a6b8c0d2e4f6a8",
    name: "Me (Digital Twin)",
    avatar_type: "digital_twin",
    group_id: "grp_me",
    gender: "male",
    tags: ["founder"],
    default_voice_id: "c0ffee00c0ffee00c0ffee00c0ffee00",
    preview_image_url: image("f9c7e8a5"),
    preview_video_url: video("f9c7e8a5"),
    preferred_orientation: "landscape",
    image_width: 3840,
    image_height: 2160,
    supported_api_engines: ["avatar_v", "avatar_iv", "avatar_iii"],
    status: "completed",
    ownership: "private",
  },
];

/** The mock's templates: one weekly-trends template with text and character variables. */
export const mockTemplates: MockTemplate[] = [
  {
    id: "tpl_3f1a9c2e7b5d4e8a",
    name: "Weekly trends (vertical)",
    aspect_ratio: "9:16",
    thumbnail_url: "https://files2.heygen.ai/template/3f1a9c2e/thumbnail.jpg",
    created_at: 1_763_000_000,
    updated_at: 1_764_000_000,
    scene_ids: ["scene_intro", "scene_body", "scene_outro"],
    scenes: [
      {
        scene_id: "scene_intro",
        script: "This week: {{headline}}",
        variables: [
          { name: "headline", variable_type: "text" },
          { name: "presenter", variable_type: "character" },
        ],
      },
      { scene_id: "scene_body", script: "{{summary}}", variables: [{ name: "summary", variable_type: "text" }] },
      { scene_id: "scene_outro", script: "Follow for more.", variables: [] },
    ],
    variables: {
      headline: { name: "headline", type: "text", properties: { content: "Your headline" } },
      summary: { name: "summary", type: "text", properties: { content: "What happened and why it matters." } },
      presenter: { name: "presenter", type: "character", properties: { character_id: "8f3c1e2a9b7d4c6e8a1f0b2c3d4e5f60", type: "avatar" } },
    },
  },
];

/** The webhook event types the mock lists (`GET /v3/webhooks/event-types`). */
export const mockEventTypes = [
  { event_type: "avatar_video.success", description: "An avatar video finished rendering." },
  { event_type: "avatar_video.fail", description: "An avatar video failed to render." },
  { event_type: "avatar_video_gif.success", description: "A GIF preview is ready." },
  { event_type: "avatar_video_gif.fail", description: "A GIF preview failed." },
  { event_type: "avatar_video_caption.success", description: "Captions are ready." },
  { event_type: "avatar_video_caption.fail", description: "Captions failed." },
  { event_type: "video_translate.success", description: "A translation finished." },
  { event_type: "video_translate.fail", description: "A translation failed." },
  { event_type: "batch.finished", description: "A batch finished." },
];
