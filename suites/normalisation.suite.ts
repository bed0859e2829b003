import { normalisation } from '../src/concerns/normalisation.js';
import { concernSuite } from './kit.js';

concernSuite(normalisation);
