// Every check, in the order findings are listed. Each is one function in its own file named
// after what it catches; each can be switched off by name (--disable-check). `stateful` checks
// need a target that persists, so the contract profile leaves them out.
import type { Check, Observation } from '../observation.js';
import { accountGates } from './account-gates.js';
import { answersEveryRequest } from './answers-every-request.js';
import { authenticationRequired } from './authentication-required.js';
import { botRefused } from './bot-refused.js';
import { echoesPatch } from './echoes-patch.js';
import { emailNeverApplied } from './email-never-applied.js';
import { errorEnvelopeConformance } from './error-envelope-conformance.js';
import { errorNamesField } from './error-names-field.js';
import { idempotentRepeat } from './idempotent-repeat.js';
import { imageHashStable } from './image-hash-stable.js';
import { jsonContentType } from './json-content-type.js';
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

export interface CheckEntry {
  check: Check;
  name: string;
  rules: string[];
  stateful: boolean;
  /** Which observations the check has something to say about; a check that applied to none
   * is reported as not exercised rather than as passed. */
  appliesTo: (o: Observation) => boolean;
}

const always = () => true;
const entry = (check: Check, rules: string[], stateful = false, appliesTo: (o: Observation) => boolean = always): CheckEntry => ({
  check,
  name: check.name,
  rules,
  stateful,
  appliesTo,
});
const ofKind = (...kinds: Observation['kind'][]) => (o: Observation) => kinds.includes(o.kind);
const status = (test: (s: number) => boolean) => (o: Observation) => o.exchange.response !== undefined && test(o.exchange.response.status);

export const allChecks: CheckEntry[] = [
  // transport
  entry(noServerErrors, ['R-HTTP-2']),
  entry(answersEveryRequest, ['R-HTTP-2']),
  entry(jsonContentType, ['R-HTTP-1']),
  entry(statusCodeConformance, ['R-HTTP-3', 'R-HTTP-4', 'R-HTTP-5', 'R-HTTP-6', 'R-REQ-1', 'R-REQ-3', 'R-SEC-2']),
  // response and error shapes
  entry(responseSchemaConformance, ['R-RES-1']),
  entry(undocumentedFields, ['R-RES-2']),
  entry(errorEnvelopeConformance, ['R-ERR-1', 'R-ERR-2', 'R-ERR-3'], false, status((s) => s >= 400 && s < 500)),
  entry(errorNamesField, ['R-REQ-1', 'R-HTTP-6'], true, (o) => o.expect?.path !== undefined),
  // authentication and authorisation
  entry(authenticationRequired, ['R-AUTH-2'], false, ofKind('unauthenticated')),
  entry(botRefused, ['R-AUTH-3'], false, ofKind('bot')),
  entry(sensitiveChangeNeedsVerification, ['R-SEC-1'], false, ofKind('sensitive')),
  entry(emailNeverApplied, ['R-SEC-3'], false, (o) => o.sent !== undefined && 'email' in o.sent),
  entry(secretsNeverEchoed, ['R-SEC-4'], false, (o) => (o.secrets ?? []).length > 0),
  entry(accountGates, ['R-ACC-1', 'R-ACC-2'], false, (o) => o.label?.rule === 'R-ACC-1' || o.label?.rule === 'R-ACC-2'),
  // semantics of an accepted or refused patch
  entry(echoesPatch, ['R-SEM-1', 'R-NORM-1', 'R-NORM-2', 'R-NORM-3', 'R-IMG-3'], true, (o) => o.exchange.response?.status === 200 && o.sent !== undefined && o.kind !== 'read'),
  entry(nullClears, ['R-SEM-4', 'R-REQ-2'], true, (o) => o.sent !== undefined && Object.values(o.sent).some((v) => v === null || v === '')),
  entry(readBackMatches, ['R-SEM-2'], true, (o) => o.after !== undefined && o.exchange.response?.status === 200),
  entry(untouchedFieldsUnchanged, ['R-SEM-3'], true, (o) => o.exchange.response?.status === 200 && o.exchange.request.method === 'PATCH'),
  entry(unchangedOnRejection, ['R-SEM-5'], true, (o) => o.after !== undefined && (o.exchange.response?.status ?? 0) >= 400),
  entry(idempotentRepeat, ['R-SEM-6'], true, (o) => o.repeat !== undefined),
  entry(imageHashStable, ['R-IMG-3'], true, ofKind('imageRepeat')),
  // limits
  entry(rateLimitHeaders, ['R-LIM-1'], false, (o) => o.exchange.rateLimited.length > 0 || o.exchange.response?.headers['x-ratelimit-remaining'] !== undefined),
];

export const checkNames = allChecks.map((c) => c.name);

export function checkByName(name: string): CheckEntry | undefined {
  return allChecks.find((c) => c.name === name);
}
