// Every check, in the order findings are listed. Each file exports one check with its own facts:
// name, rules, whether it needs a persisting target, whether its findings shrink, when it
// applies. Each can be switched off by name (--disable-check).
import type { CheckDefinition } from '../observation.js';
import { accountGates } from './account-gates.js';
import { answersEveryRequest } from './answers-every-request.js';
import { authenticationRequired } from './authentication-required.js';
import { botRefused } from './bot-refused.js';
import { echoesPatch } from './echoes-patch.js';
import { emailNeverApplied } from './email-never-applied.js';
import { errorEnvelopeConformance } from './error-envelope-conformance.js';
import { errorNamesField } from './error-names-field.js';
import { everyProblemReported } from './every-problem-reported.js';
import { idempotentRepeat } from './idempotent-repeat.js';
import { imageHashStable } from './image-hash-stable.js';
import { jsonContentType } from './json-content-type.js';
import { malformedBodyChangesNothing } from './malformed-body-changes-nothing.js';
import { noServerErrors } from './no-server-errors.js';
import { nullClears } from './null-clears.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { readBackMatches } from './read-back-matches.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { secretsNeverEchoed } from './secrets-never-echoed.js';
import { sensitiveChangeNeedsVerification } from './sensitive-change-needs-verification.js';
import { statusCodeConformance } from './status-code-conformance.js';
import { unchangedOnRejection } from './unchanged-on-rejection.js';
import { undocumentedFields } from './undocumented-fields.js';
import { untouchedFieldsUnchanged } from './untouched-fields-unchanged.js';

export const allChecks: readonly CheckDefinition[] = [
  // transport
  noServerErrors,
  answersEveryRequest,
  jsonContentType,
  statusCodeConformance,
  malformedBodyChangesNothing,
  // response and error shapes
  responseSchemaConformance,
  undocumentedFields,
  errorEnvelopeConformance,
  errorNamesField,
  everyProblemReported,
  // authentication and authorisation
  authenticationRequired,
  botRefused,
  sensitiveChangeNeedsVerification,
  emailNeverApplied,
  secretsNeverEchoed,
  accountGates,
  // semantics of an accepted or refused patch
  echoesPatch,
  nullClears,
  readBackMatches,
  untouchedFieldsUnchanged,
  unchangedOnRejection,
  idempotentRepeat,
  imageHashStable,
  // limits
  rateLimitHeaders,
];

export const checkNames = allChecks.map((c) => c.name);

export function checkByName(name: string): CheckDefinition | undefined {
  return allChecks.find((c) => c.name === name);
}
