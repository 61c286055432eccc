export type { PssCheckId, PssLevel, PssPod, PssViolation } from "./types.js";
export { PSS_LEVELS } from "./types.js";
export { PSS_MESSAGES, renderMessage, type PssMessageId, type PssMessages } from "./messages.js";
export {
  PSS_CHECKS,
  PSS_NEWEST_VERSION,
  checkAppliesAt,
  checksAt,
  evaluateCheck,
  evaluatePodSpec,
  policyMinor,
  pssCheckByLowerId,
  pssCheckForRule,
  type PssCheckInfo,
} from "./registry.js";
export { safeSysctls, BASELINE_CAPABILITIES } from "./checks-baseline.js";
