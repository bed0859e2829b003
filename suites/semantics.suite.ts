import { semantics } from '../src/concerns/semantics.js';
import { concernSuite } from './kit.js';

concernSuite(semantics);
