import { transport } from '../src/concerns/transport.js';
import { concernSuite } from './kit.js';

concernSuite(transport);
