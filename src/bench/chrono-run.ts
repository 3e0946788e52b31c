/**
 * The peer in `npm run bench`: chrono-node's Vietnamese parser over the files of a folder,
 * run as a process of its own as `extract` is, so the two are timed alike. Prints the
 * number of files, results and characters, then the process's CPU time and peak memory.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as chrono from 'chrono-node';

const dir = process.argv[2];
const reference = new Date(2021, 0, 1);
let results = 0;
let files = 0;
for (const name of fs.readdirSync(dir).sort()) {
  if (!name.endsWith('.txt')) continue;
  results += chrono.vi.parse(fs.readFileSync(path.join(dir, name), 'utf8'), reference).length;
  files++;
}
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ files, results, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssKb: usage.maxRSS })}\n`);
