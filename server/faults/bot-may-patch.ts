import { defineFault } from './fault.js';

export default defineFault({
  title: 'Planted fault: lets a bot token patch its profile',
  rule: 'R-AUTH-3',
  caughtBy: ['botRefused'],
  subtle: false,
  overrides: { refuseBots: () => () => undefined },
});
