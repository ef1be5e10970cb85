import { parentPort, workerData } from 'node:worker_threads';
import { signRequest } from '../../src/common/security/signature.js';
import { runParallel } from './stats.js';

/**
 * The load generator runs on its own thread (the machine's other core), so the plugin's
 * event loop is not also busy signing and sending the requests it is measured on.
 */
export interface HttpLoadJob {
  url: string;
  secret: string;
  bodies: string[];
  parallelism: number;
}

export interface HttpLoadResult {
  seconds: number;
  latencies: number[];
  failures: number;
}

const job = workerData as HttpLoadJob;
let failures = 0;
const run = await runParallel(job.bodies, job.parallelism, async (body) => {
  const response = await fetch(job.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signRequest({ secret: job.secret, body }) },
    body,
  });
  if (response.status !== 200) failures += 1;
  await response.arrayBuffer();
});
parentPort!.postMessage({ seconds: run.seconds, latencies: run.latencies, failures } satisfies HttpLoadResult);
