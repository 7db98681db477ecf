export {
  assertScript,
  checkScript,
  findBannedWords,
  maxProviderScriptCharacters,
  type ScriptRules,
  scriptRulesSchema,
} from "./check-script.js";
export { type GeneratedScript, generatedScriptSchema, scriptPrompt } from "./generated-writer.js";
export { ScriptQaError } from "./script-qa-error.js";
export { type Tone, toneSchema } from "./tone.js";
export {
  type SceneRole,
  type ScriptCheck,
  type ScriptQaReport,
  type ScriptScene,
  sceneRoleSchema,
  scriptCheckSchema,
  scriptQaReportSchema,
  scriptSceneSchema,
  type VideoScript,
  type VideoScriptInput,
  videoScriptSchema,
} from "./video-script-schema.js";
export { writeScript } from "./write-script.js";
export { type HookStyle, hookStyleSchema, type WriteScriptOptions, wordBudget, writeScriptOptionsSchema } from "./write-script-options.js";
