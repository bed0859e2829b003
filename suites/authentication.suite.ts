import { authentication } from '../src/concerns/authentication.js';
import { concernSuite } from './kit.js';

concernSuite(authentication);
