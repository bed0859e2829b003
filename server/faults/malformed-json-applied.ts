import { defineFault } from './fault.js';

// A "forgiving" parser: when JSON.parse fails, it tries closing what was left open.
const closings = ['}', '"}', ']}', '"]}', 'null}'];

function repaired(raw: string): unknown {
  const text = raw.trim().replace(/,\s*}$/, '}');
  for (const candidate of [text, ...closings.map((end) => text + end)]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next way of closing it
    }
  }
  return undefined;
}

export default defineFault({
  title: 'Planted fault: repairs malformed JSON (closes a truncated object) and applies it',
  rule: 'R-HTTP-5',
  caughtBy: ['malformedBodyChangesNothing'],
  subtle: true,
  overrides: {
    readBody: (faithful) => (raw) => {
      if (!raw.trim().startsWith('{')) return faithful(raw);
      return repaired(raw) ?? faithful(raw);
    },
  },
});
