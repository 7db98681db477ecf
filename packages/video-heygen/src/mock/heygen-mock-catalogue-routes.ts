import type { MockLook, MockTemplate, MockVoice } from "./heygen-mock-catalogue.js";
import { dataReply, errorReply, invalidParameter, type MockReply, pageReply } from "./heygen-mock-replies.js";
import type { MockRequest } from "./heygen-mock-routes.js";

const publicLook = ({ ownership, ...look }: MockLook): Record<string, unknown> =>
  ownership === "private" ? look : { ...look, status: undefined };

/** The mock's catalogue reads: avatar groups and looks, voices, templates (paginated, filtered as HeyGen does). */
export class MockCatalogueRoutes {
  constructor(
    readonly looks: ReadonlyMap<string, MockLook>,
    readonly voices: ReadonlyMap<string, MockVoice>,
    readonly templates: ReadonlyMap<string, MockTemplate>,
    private readonly settings: { maxPageSize?: number | undefined },
  ) {}

  listLooks(request: MockRequest): MockReply {
    const query = request.url.searchParams;
    const looks = [...this.looks.values()].filter(
      (look) =>
        (!query.get("group_id") || look.group_id === query.get("group_id")) &&
        (!query.get("avatar_type") || look.avatar_type === query.get("avatar_type")) &&
        (!query.get("ownership") || look.ownership === query.get("ownership")),
    );
    return pageReply(looks.map(publicLook), query, { min: 1, max: 50, fallback: 20 }, this.settings.maxPageSize);
  }

  getLook(id: string): MockReply {
    const look = this.looks.get(id);
    return look ? dataReply(publicLook(look)) : errorReply(404, "avatar_not_found", `Avatar look ${id} not found`);
  }

  #groups(): Record<string, unknown>[] {
    const groups = new Map<string, MockLook[]>();
    for (const look of this.looks.values()) groups.set(look.group_id, [...(groups.get(look.group_id) ?? []), look]);
    return [...groups.entries()].map(([id, looks]) => {
      const first = looks[0]!;
      return {
        id,
        name: first.name.replace(/\s*\(.*\)$/, ""),
        gender: first.gender,
        default_voice_id: first.default_voice_id,
        preview_image_url: first.preview_image_url,
        preview_video_url: first.preview_video_url,
        looks_count: looks.length,
        created_at: 1_760_000_000,
        status: "completed",
        consent_status: first.ownership === "private" ? "approved" : null,
        error: null,
        ownership: first.ownership,
      };
    });
  }

  listGroups(request: MockRequest): MockReply {
    const ownership = request.url.searchParams.get("ownership");
    const groups = this.#groups()
      .filter((group) => !ownership || group.ownership === ownership)
      .map(({ ownership: _, ...group }) => group);
    return pageReply(groups, request.url.searchParams, { min: 1, max: 50, fallback: 20 }, this.settings.maxPageSize);
  }

  getGroup(id: string): MockReply {
    const group = this.#groups().find((candidate) => candidate.id === id);
    if (!group) return errorReply(404, "avatar_group_not_found", `Avatar group ${id} not found`);
    const { ownership: _, ...rest } = group;
    return dataReply(rest);
  }

  listVoices(request: MockRequest): MockReply {
    const query = request.url.searchParams;
    const type = query.get("type") ?? "public";
    if (type !== "public" && type !== "private") return invalidParameter("type", "type must be public or private");
    const language = query.get("language")?.toLowerCase();
    const gender = query.get("gender")?.toLowerCase();
    const voices = [...this.voices.values()].filter(
      (voice) => voice.type === type && (!language || voice.language.toLowerCase() === language) && (!gender || voice.gender === gender),
    );
    return pageReply(voices, query, { min: 1, max: 100, fallback: 20 }, this.settings.maxPageSize);
  }

  getVoice(id: string): MockReply {
    const voice = this.voices.get(id);
    if (!voice) return errorReply(404, "voice_not_found", `Voice ${id} not found`);
    return dataReply({
      ...voice,
      created_at: 1_760_000_000,
      status: voice.type === "private" ? "completed" : null,
      failure_message: null,
      support_interactive_avatar: false,
    });
  }

  listTemplates(request: MockRequest): MockReply {
    const summaries = [...this.templates.values()].map(({ id, name, thumbnail_url, aspect_ratio, created_at, updated_at }) => ({
      id,
      name,
      thumbnail_url,
      aspect_ratio,
      created_at,
      updated_at,
    }));
    return pageReply(summaries, request.url.searchParams, { min: 1, max: 100, fallback: 10 }, this.settings.maxPageSize);
  }

  getTemplate(id: string): MockReply {
    const template = this.templates.get(id);
    return template ? dataReply(template) : errorReply(404, "template_not_found", `Template ${id} not found`);
  }
}
