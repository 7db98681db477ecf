export {
  type AvatarCatalogue,
  type AvatarChoice,
  type AvatarPreferences,
  type AvatarScoreBreakdown,
  avatarCatalogueSchema,
  avatarPreferencesSchema,
} from "./avatar-preferences.js";
export { requireAvatarAndVoice, selectAvatar } from "./select-avatar.js";
