import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: accepts a display name containing "system message"',
  rule: 'R-REQ-1',
  caughtBy: ['statusCodeConformance'],
  subtle: false,
  overrides: {
    validate: (faithful) => (body, req) => faithful(body, req).filter((e) => !(e.path === 'global_name' && e.code === 'RESERVED_NAME' && /system message/i.test(String(body.global_name)))),
  },
});
