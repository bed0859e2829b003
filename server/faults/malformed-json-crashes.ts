import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: answers 500 to a body that is not valid JSON',
  rule: 'R-HTTP-5',
  caughtBy: ['noServerErrors'],
  subtle: false,
  overrides: {
    readBody: () => (raw) => (raw.trim() === '' ? {} : (JSON.parse(raw) as unknown)),
  },
});
