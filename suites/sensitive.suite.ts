import { sensitive } from '../src/concerns/sensitive.js';
import { concernSuite } from './kit.js';

concernSuite(sensitive);
