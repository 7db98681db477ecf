export { createResearchBrief, type ResearchBriefOptions, researchBriefOptionsSchema } from "./create-research-brief.js";
export { loadResearchBrief } from "./load-research-brief.js";
export {
  type BriefAuthor,
  type BriefFact,
  type BriefLink,
  type BriefSource,
  type BriefStatement,
  briefAuthorSchema,
  briefFactSchema,
  briefLinkSchema,
  briefSourceSchema,
  briefStatementSchema,
  type ResearchBrief,
  type ResearchBriefInput,
  researchBriefSchema,
} from "./research-brief-schema.js";
