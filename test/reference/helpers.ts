// Talks to an in-process reference server with supertest and checks every body it sees
// against the schemas: 200 bodies against the response schema, 4xx against the error schema.
import request from 'supertest';
import { expect } from 'vitest';
import { startReferenceServer, type RunningReference } from '../../server/listen.js';
import { referenceTokens, type AccountKind } from '../../server/reference/accounts.js';
import type { ReferenceOptions } from '../../server/reference/app.js';
import { validateError, validateResponse, verdict } from '../../contract/schemas.js';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  text: string;
}

export class ReferenceClient {
  private constructor(
    readonly server: RunningReference,
    /** Off for the drift emulations, which break the response schema on purpose. */
    private readonly checkSchemas: boolean,
  ) {}

  static async start(options: ReferenceOptions = {}, { checkSchemas = true } = {}): Promise<ReferenceClient> {
    return new ReferenceClient(await startReferenceServer(options), checkSchemas);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  async send(method: 'GET' | 'PATCH', options: { body?: unknown; raw?: string; as?: AccountKind | null; authorization?: string; contentType?: string; path?: string } = {}): Promise<Answer> {
    const url = new URL(this.server.baseUrl);
    let call = request(url.origin)[method === 'GET' ? 'get' : 'patch'](options.path ?? `${url.pathname}/users/@me`);
    const authorization = options.authorization ?? (options.as === null ? undefined : referenceTokens[options.as ?? 'plain']);
    if (authorization !== undefined) call = call.set('Authorization', authorization);
    if (method === 'PATCH') call = call.set('Content-Type', options.contentType ?? 'application/json').send(options.raw ?? JSON.stringify(options.body ?? {}));
    const res = await call;
    const answer: Answer = { status: res.status, body: JSON.parse(res.text || 'null') as Record<string, unknown>, headers: res.headers as Record<string, string>, text: res.text };
    // Every answer the reference gives must match the schemas (issue: reference is the yardstick).
    if (!this.checkSchemas) return answer;
    if (answer.status === 200) expect(verdict(validateResponse, answer.body).errors).toEqual([]);
    else if (answer.status >= 400 && answer.status < 500) expect(verdict(validateError, answer.body).errors).toEqual([]);
    return answer;
  }

  get(as: AccountKind = 'plain') {
    return this.send('GET', { as });
  }

  patch(body: unknown, as: AccountKind | null = 'plain') {
    return this.send('PATCH', { body, as });
  }
}

export function paths(answer: Answer): string[] {
  return ((answer.body.errors as { path: string }[] | undefined) ?? []).map((e) => e.path);
}

/** Asserts a 400 INVALID_FORM_BODY naming `path`, and that the profile did not change. */
export async function expectRejectedAt(client: ReferenceClient, body: unknown, path: string, as: AccountKind = 'plain') {
  const before = await client.get(as);
  const answer = await client.patch(body, as);
  expect(answer.status, answer.text).toBe(400);
  expect(answer.body.code).toBe('INVALID_FORM_BODY');
  expect(paths(answer)).toContain(path);
  expect((await client.get(as)).body).toEqual(before.body);
  return answer;
}

export async function expectAccepted(client: ReferenceClient, body: unknown, as: AccountKind = 'plain') {
  const answer = await client.patch(body, as);
  expect(answer.status, answer.text).toBe(200);
  return answer;
}
