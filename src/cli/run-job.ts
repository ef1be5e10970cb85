import { NestFactory } from '@nestjs/core';
import { RegularsError } from '../common/errors/regulars-error.js';
import { JOB_NAMES } from '../common/config/regulars-options.js';
import { JobRunner } from '../modules/jobs/job-runner.service.js';
import { RegularsModule } from '../regulars.module.js';
import { progressBar, type Output } from './progress-bar.js';

export const JOB_USAGE = `usage: regulars job <${JOB_NAMES.join('|')}> [--tenant <id>]

Runs a job now for one tenant, or for every tenant that has work for it, against
DATABASE_URL (the embedded SQLite file when unset), in REGULARS_TIME_ZONE (UTC when
unset). A run already going on elsewhere is left alone.`;

/**
 * `regulars job tiers`: the same runs the schedule makes, from a shell or a host's own
 * scheduler, with a progress bar on a terminal. Answers the exit code: 0 when every run
 * succeeded, 1 when one failed or was busy elsewhere, 2 for a wrong command line.
 */
export async function runJobCommand(args: string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  const [job, flag, tenant] = args;
  if (!job || !(JOB_NAMES as readonly string[]).includes(job) || (flag !== undefined && (flag !== '--tenant' || !tenant))) {
    output.write(`${JOB_USAGE}\n`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(
    RegularsModule.forRoot({ database: { url: env.DATABASE_URL || undefined }, tenantSecrets: () => undefined, timeZone: env.REGULARS_TIME_ZONE || undefined, jobs: false }),
    { logger: ['error', 'warn'] },
  );
  try {
    const runner = app.get(JobRunner);
    const bar = progressBar(output, job);
    const request = { trigger: 'cli' as const, onProgress: (done: number, total: number | null) => bar.update(done, total) };
    const { runs, skipped } = tenant
      ? await runner.run(job, tenant, request).then(
          (run) => ({ runs: [run], skipped: [] }),
          (error: unknown) => {
            if (!(error instanceof RegularsError)) throw error;
            return { runs: [], skipped: [{ tenantId: tenant, reason: error.message }] };
          },
        )
      : await runner.runEverywhere(job, request);
    bar.end();
    for (const run of runs) {
      const seconds = ((run.finishedAt!.getTime() - run.startedAt.getTime()) / 1000).toFixed(1);
      const outcome = Object.entries(run.outcome).map(([name, value]) => `${name} ${value}`).join(', ');
      output.write(`${job} for ${run.tenantId}: ${run.status} in ${seconds} s${outcome ? ` — ${outcome}` : ''}${run.error ? ` — ${run.error}` : ''}\n`);
    }
    for (const { tenantId, reason } of skipped) output.write(`${job} for ${tenantId}: skipped — ${reason}\n`);
    if (runs.length + skipped.length === 0) output.write(`${job}: nothing to do\n`);
    return skipped.length > 0 || runs.some((run) => run.status !== 'succeeded') ? 1 : 0;
  } finally {
    await app.close();
  }
}
