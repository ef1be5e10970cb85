import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { ReportDaysJob } from './report-days-job.js';
import { ReportDays } from './report-days.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** The programme's reports: read-only SQL over the other modules' tables, and the day summaries its nightly job keeps. */
@Module({
  imports: [JobsModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportDays, ReportsService, ReportDaysJob],
})
export class ReportsModule {}
