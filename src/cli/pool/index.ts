/** The worker pool: see ./run-pool.ts for how a run goes. */
export { runPool, workersFor } from './run-pool';
export type { Outcome, PoolOptions } from './run-pool';
export { prespawn, releaseSpawned } from './workers';
export type { Job, JobResult, PartJob, WorkerData, WorkerSetup } from './workers';
export { readStreams } from './run-pool';
export { inputBytes, IN_PROCESS_MAX_BYTES, runInProcess } from './in-process';
