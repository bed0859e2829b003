import { defineCheck, exchangesOf } from '../observation.js';

/** R-HTTP-1: answers with a body are JSON, and say so in Content-Type (429s included). */
export const jsonContentType = defineCheck({
  name: 'jsonContentType',
  rules: ['R-HTTP-1'],
  appliesTo: () => true,
  check: (o) =>
    exchangesOf(o).flatMap((ex) =>
      [...ex.rateLimited, ...(ex.response ? [ex.response] : [])].flatMap((r) => {
        if (r.text === '' || r.status >= 500) return [];
        const type = r.headers['content-type'] ?? '(none)';
        const problems: string[] = [];
        if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) problems.push(`Content-Type: ${type}`);
        if (r.body === undefined) problems.push('Body: not parseable as JSON');
        if (problems.length === 0) return [];
        return [{
          rule: 'R-HTTP-1',
          title: `a ${r.status} answer is not declared or formed as JSON`,
          details: ['Expected: Content-Type application/json and a JSON body', ...problems],
          at: `${Math.floor(r.status / 100)}xx`,
          keyword: r.body === undefined ? 'body' : 'content-type',
          about: ex,
          ...(r.status === 429 ? { shrinkable: false } : {}),
        }];
      }),
    ),
});
