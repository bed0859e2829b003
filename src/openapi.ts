// The OpenAPI 3.1 document of the two routes, built from the JSON Schemas in schemas/ (never a
// second copy): `npm run openapi` writes it for Prism and other tools.
import { readFileSync } from 'node:fs';
import { type JsonSchema, documentedRequestSchema, errorSchema, requestSchema, responseSchema } from '../contract/schemas.js';

/** Moves a schema's $defs into components and points its local $refs there. */
function componentise(schema: JsonSchema, name: string, components: Record<string, unknown>): JsonSchema {
  const { $id: _id, $schema: _dialect, $defs, ...rest } = structuredClone(schema) as JsonSchema & { $defs?: Record<string, unknown> };
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${name}_${v.slice(8)}` : rewrite(v)]),
      );
    }
    return node;
  };
  for (const [key, def] of Object.entries($defs ?? {})) components[`${name}_${key}`] = rewrite(def);
  return rewrite(rest) as JsonSchema;
}

function exampleProfile(): unknown {
  const examples = JSON.parse(readFileSync(new URL('../schemas/examples/user-private-response.examples.json', import.meta.url), 'utf8')) as { valid: boolean; data: unknown }[];
  return examples.find((e) => e.valid)!.data;
}

const error = (description: string, example: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' }, example } },
});

export interface OpenApiOptions {
  /** Only what the documentation page states: a mock built from it knows nothing more. */
  documentedOnly?: boolean;
  profileExample?: unknown;
}

/** Removes the x- annotations, which OpenAPI tools do not need. */
function withoutAnnotations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => !k.startsWith('x-')).map(([k, v]) => [k, withoutAnnotations(v)]));
}

export function openApiDocument(options: OpenApiOptions = {}): Record<string, unknown> {
  const profileExample = options.profileExample ?? exampleProfile();
  const schemas: Record<string, unknown> = {};
  schemas.UserUpdateRequest = componentise(withoutAnnotations(options.documentedOnly ? documentedRequestSchema : requestSchema) as JsonSchema, 'UserUpdateRequest', schemas);
  schemas.UserPrivateResponse = componentise(responseSchema, 'UserPrivateResponse', schemas);
  schemas.ErrorBody = componentise(errorSchema, 'ErrorBody', schemas);
  const ok = { description: 'The profile after the update (UserPrivateResponse).', content: { 'application/json': { schema: { $ref: '#/components/schemas/UserPrivateResponse' }, example: profileExample } } };
  const unauthorized = error('Missing, empty or unknown credential (R-AUTH-2).', { code: 'UNAUTHORIZED', message: '401: Unauthorized' });
  const limited = {
    ...error('Route rate limit (R-LIM-1).', { code: 'RATE_LIMITED', message: 'You are being rate limited.', retry_after: 12.5, global: false }),
    headers: { 'Retry-After': { description: 'Whole seconds to wait.', schema: { type: 'integer', minimum: 0 } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fluxer API: update current user profile',
      version: '1',
      description: 'PATCH and GET /users/@me as fluxer-conformance checks them. Generated from schemas/ by `npm run openapi`.',
    },
    servers: [{ url: 'https://api.fluxer.app/v1' }],
    security: [{ token: [] }],
    paths: {
      '/users/@me': {
        get: {
          operationId: 'getCurrentUser',
          summary: 'Read the current user profile',
          responses: { '200': ok, '401': unauthorized, '429': limited },
        },
        patch: {
          operationId: 'updateCurrentUser',
          summary: 'Update the current user profile',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/UserUpdateRequest' }, example: { bio: 'Archaeologist.', accent_color: 8388607 } } } },
          responses: {
            '200': ok,
            '400': error('A field breaks its constraints (R-REQ-1); errors[].path names it.', { code: 'INVALID_FORM_BODY', message: 'Input Validation Error', errors: [{ path: 'bio', message: 'Must be at most 320 characters long.' }] }),
            '401': unauthorized,
            '403': error('A bot token (ACCESS_DENIED), a sensitive change without verification (SUDO_MODE_REQUIRED) or a staff-only field (MISSING_ACCESS).', { code: 'SUDO_MODE_REQUIRED', message: 'Verification required.', has_mfa: false }),
            '429': limited,
          },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'User tokens raw; bot tokens as "Bot <token>" (refused on PATCH, R-AUTH-3).' } },
    },
  };
}
