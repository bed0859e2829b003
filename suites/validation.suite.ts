import { validation } from '../src/concerns/validation.js';
import { concernSuite } from './kit.js';

concernSuite(validation);
