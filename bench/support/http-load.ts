import { Worker } from 'node:worker_threads';
import type { HttpLoadJob, HttpLoadResult } from './http-load.worker.js';

/** Posts signed JSON bodies from a worker thread with `parallelism` requests in flight. */
export function postSignedFromWorker(job: HttpLoadJob): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load.worker.js', import.meta.url), { workerData: job });
    worker.once('message', (result: HttpLoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}
