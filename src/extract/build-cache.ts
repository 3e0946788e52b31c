/**
 * `npm run build` ends here: the built-in rules compiled once and stored beside the code
 * (dist/rule-cache/), so no run of the built tool parses and checks them again.
 */
import * as path from 'path';
import { compileRuleFiles } from './rule-set';
import { writeBuildEntry } from './rule-cache';

const written = writeBuildEntry(compileRuleFiles);
process.stdout.write(`rule cache: ${path.relative(process.cwd(), written)}\n`);
